/**
 * Where the estate came from, for one imported from NetBox: its URL, when,
 * and the switch that writes successful moves back there (admins only: the
 * switch says so to others). Nothing for an estate of another origin.
 */
import { useEffect, useState } from 'react';
import type { EstateSource } from '../api/import-api.ts';
import { useImportApi } from './import-context.tsx';
import { useCan } from '../auth/useCan.ts';
import { refusedProps } from '../auth/refused-props.ts';

export function EstateSourceLine({ estateId }: { estateId: string }) {
  const api = useImportApi();
  const refusal = useCan('admin');
  // Kept with the estate it belongs to, so another estate's never shows while this one loads.
  const [loaded, setLoaded] = useState<{ estateId: string; source: EstateSource | null } | null>(
    null,
  );
  const source = loaded?.estateId === estateId ? loaded.source : null;
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!api) return;
    let live = true;
    void api.source(estateId).then((o) => {
      if (live && o.ok) setLoaded({ estateId, source: o.value });
    });
    return () => {
      live = false;
    };
  }, [api, estateId]);

  if (!api || !source) return null;
  return (
    <div className="estate-source small" data-testid="estate-source">
      <p className="muted">
        From NetBox <span className="mono">{source.url}</span>, imported{' '}
        {new Date(source.importedAt).toLocaleString('en')}.
      </p>
      <label>
        <input
          type="checkbox"
          checked={source.writeBack}
          disabled={saving}
          data-testid="estate-writeback"
          {...refusedProps(refusal)}
          onChange={(e) => {
            const enabled = e.target.checked;
            setSaving(true);
            setError(null);
            void api.setWriteBack(estateId, enabled).then((o) => {
              setSaving(false);
              if (o.ok) setLoaded({ estateId, source: { ...source, writeBack: enabled } });
              else setError(o.message);
            });
          }}
        />{' '}
        Write successful moves back to NetBox
      </label>
      {error && (
        <p className="reason blocking" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

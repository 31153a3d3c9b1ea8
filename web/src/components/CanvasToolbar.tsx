/**
 * The canvas's own controls, beside the Fit button: fold and unfold the
 * groups of a large site (with a list of the groups, the keyboard's way to
 * unfold one), export the picture as PNG, draw.io, GraphML or SVG, show or
 * hide the minimap; while a large picture is drawn over several frames, how
 * far it is.
 */
import { EXPORT_FORMATS, type ExportFormat } from '../export/formats.ts';
import { progressText, type ChunkProgress } from '../graph/cy-chunks.ts';
import type { FoldPlan } from '../graph/fold.ts';

export interface CanvasToolbarProps {
  /** Null in the global view, where nothing folds. */
  plan: FoldPlan | null;
  folded: ReadonlySet<string>;
  onToggleFold: (groupId: string) => void;
  onFoldAll: (folded: boolean) => void;
  onExport: () => void;
  /** Absent where the view has no file export but PNG (the tenant overlay). */
  onExportAs?: (format: ExportFormat) => void;
  minimapShown: boolean;
  onToggleMinimap: () => void;
  /** How far the canvas is in drawing a large picture (Unfold all of a big site); null when done. */
  progress?: ChunkProgress | null;
}

export function CanvasToolbar({
  plan,
  folded,
  onToggleFold,
  onFoldAll,
  onExport,
  onExportAs,
  minimapShown,
  onToggleMinimap,
  progress = null,
}: CanvasToolbarProps) {
  const groups = plan?.groups ?? [];
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas" data-furniture>
      {groups.length > 0 && (
        <>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => onFoldAll(true)}
            disabled={folded.size === groups.length}
          >
            Fold all
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => onFoldAll(false)}
            disabled={folded.size === 0}
          >
            Unfold all
          </button>
          <details className="fold-list">
            <summary className="btn btn-ghost">
              Groups ({folded.size}/{groups.length} folded)
            </summary>
            <ul aria-label="Groups of devices">
              {groups.map((g) => {
                const isFolded = folded.has(g.id);
                return (
                  <li key={g.id} className={g.parentId ? 'fold-list-child' : undefined}>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={isFolded}
                      data-testid={`fold-toggle-${g.id}`}
                      onClick={() => onToggleFold(g.id)}
                    >
                      {isFolded ? 'Unfold' : 'Fold'} {g.label}
                    </button>
                  </li>
                );
              })}
            </ul>
          </details>
        </>
      )}
      <button type="button" className="btn btn-ghost" onClick={onExport}>
        Export PNG
      </button>
      {onExportAs &&
        EXPORT_FORMATS.map((f) => (
          <button
            key={f.format}
            type="button"
            className="btn btn-ghost"
            data-testid={`export-${f.format}`}
            onClick={() => onExportAs(f.format)}
          >
            Export {f.name}
          </button>
        ))}
      <button
        type="button"
        className="btn btn-ghost"
        aria-pressed={minimapShown}
        onClick={onToggleMinimap}
      >
        Minimap
      </button>
      {progress && (
        <span className="canvas-progress" role="status" data-testid="unfold-progress">
          {progressText(progress)}
        </span>
      )}
    </div>
  );
}

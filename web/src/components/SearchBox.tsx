/**
 * The search in the top bar (ARIA 1.2 combobox with a listbox): VMs by name,
 * address or MAC, hosts, sites. Arrow keys move through the answers, Enter
 * chooses, Esc closes, `/` anywhere on the page focuses the box. What a
 * choice does (open the site, select the host and VM) is the caller's.
 */
import type { Estate } from '@vmmi/shared';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { prepareSearch, search, type SearchHit } from '../estate/search.ts';
import { afterFirstFrame } from '../perf-marks.ts';
import { useHotkey } from './useHotkey.ts';

export interface SearchBoxProps {
  estate: Estate;
  onChoose: (hit: SearchHit) => void;
}

const KIND_LABEL: Record<SearchHit['kind'], string> = { vm: 'VM', host: 'Host', site: 'Site' };

export function SearchBox({ estate, onChoose }: SearchBoxProps) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const hits = useMemo(() => search(estate, text), [estate, text]);

  // Build the index while the page is idle, so that the first key typed answers at once; not
  // before the first view is drawn, whose steps leave idle moments between them (a fat-tree
  // k=32's index takes ~50 ms).
  useEffect(() => {
    const build = () => prepareSearch(estate);
    let cancelIdle = () => {};
    const cancelWait = afterFirstFrame(() => {
      if ('requestIdleCallback' in window) {
        const id = window.requestIdleCallback(build, { timeout: 2000 });
        cancelIdle = () => window.cancelIdleCallback(id);
      } else {
        const id = setTimeout(build, 200);
        cancelIdle = () => clearTimeout(id);
      }
    });
    return () => {
      cancelWait();
      cancelIdle();
    };
  }, [estate]);

  useHotkey('/', (e) => {
    e.preventDefault();
    input.current?.focus();
    input.current?.select();
  });

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onChoose(hit);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = hits.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        if (n) setActive((a) => (a + 1) % n);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setOpen(true);
        if (n) setActive((a) => (a <= 0 ? n - 1 : a - 1));
        break;
      case 'Enter':
        if (open && n) {
          e.preventDefault();
          choose(hits[active >= 0 ? active : 0]);
        }
        break;
      case 'Escape':
        // A first Esc closes the list, a second one clears the text.
        if (open) setOpen(false);
        else setText('');
        setActive(-1);
        break;
    }
  };

  const expanded = open && text.trim() !== '';
  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="search">
      <input
        ref={input}
        type="text"
        role="combobox"
        className="search-input"
        aria-label="Search VMs, addresses, MACs, hosts and sites"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        placeholder="Search VM, IP, MAC, host, site…  /"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        data-testid="search-box"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Search results"
        className="search-results"
        hidden={!expanded}
        data-testid="search-results"
      >
        {hits.map((hit, i) => (
          <li
            key={`${hit.kind}:${hit.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className="search-option"
            // Keeps the focus in the box, so the blur does not close the list before the click.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(hit)}
            data-testid={`search-hit-${hit.kind}-${hit.id}`}
          >
            <span className={`search-kind search-kind-${hit.kind}`}>{KIND_LABEL[hit.kind]}</span>
            <span className="search-label">{hit.label}</span>
            <span className="search-detail">{hit.detail}</span>
          </li>
        ))}
        {expanded && hits.length === 0 && (
          <li role="option" aria-selected={false} aria-disabled="true" className="search-none">
            Nothing matches “{text.trim()}”
          </li>
        )}
      </ul>
    </div>
  );
}

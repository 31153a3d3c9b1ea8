/** A definition list of label / value rows; every row is a <div> group, as HTML allows. */
import type { ReactNode } from 'react';

export function PropList({ children }: { children: ReactNode }) {
  return <dl className="props">{children}</dl>;
}

export function Prop({
  label,
  children,
  testId,
  value,
}: {
  label: string;
  children: ReactNode;
  testId?: string;
  /** Machine-readable value, for tests that compute with it. */
  value?: string | number;
}) {
  return (
    <div className="prop" data-testid={testId} data-value={value}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

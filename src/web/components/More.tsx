// A <details> section for the less used fields. Open at first when it already holds something;
// afterwards only the user opens or closes it (it never folds away while she is typing in it).
import { useState, type ReactNode } from 'react';

export function More({ summary, initiallyOpen, children }: { summary: ReactNode; initiallyOpen: boolean; children: ReactNode }) {
  const [open] = useState(initiallyOpen);
  return (
    <details className="more" open={open}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

// A table row's cells: the first a row header, the others data cells, numeric ones aligned right.
import type { ReactNode } from 'react';

export function RowCells({ cells, numeric }: { cells: readonly ReactNode[]; numeric: (column: number) => boolean }) {
  return (
    <>
      {cells.map((cell, i) =>
        i === 0 ? (
          <th key={i} scope="row">
            {cell}
          </th>
        ) : (
          <td key={i} className={numeric(i) ? 'num' : undefined}>
            {cell}
          </td>
        ),
      )}
    </>
  );
}

// A list as a table: column headings, and an unlabelled actions column when rows have buttons.
// At phone width the rows become cards (styles.css), each cell labelled by its data-label.
import type { ReactNode } from 'react';

export function ListTable(props: { headings: readonly string[]; actions?: boolean; children: ReactNode }) {
  return (
    <table className="list">
      <thead>
        <tr>
          {props.headings.map((heading) => (
            <th key={heading} scope="col">
              {heading}
            </th>
          ))}
          {props.actions && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

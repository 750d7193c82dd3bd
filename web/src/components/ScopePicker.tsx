// The scope catalogue grouped by resource, with "read only" and "read and write" shortcuts.
import type { ScopeGroup } from '../types.js';

const isRead = (scope: string): boolean => scope.endsWith('|read');
/** Reading everything, and changing tables and records (not spaces, bases or roles). */
const isReadWrite = (scope: string): boolean => isRead(scope) || scope.startsWith('table|') || scope.startsWith('record|');

export function ScopePicker(props: { groups: readonly ScopeGroup[]; value: readonly string[]; onChange: (scopes: string[]) => void; legend?: string }) {
  const all = props.groups.flatMap((g) => g.scopes);
  const chosen = new Set(props.value);
  const toggle = (scope: string) => props.onChange(all.filter((s) => (s === scope ? !chosen.has(s) : chosen.has(s))));
  return (
    <fieldset className="scopes">
      <legend>{props.legend ?? 'Scopes'}</legend>
      <div className="shortcuts">
        <button type="button" onClick={() => props.onChange(all.filter(isRead))}>
          Read only
        </button>
        <button type="button" onClick={() => props.onChange(all.filter(isReadWrite))}>
          Read and write
        </button>
        <button type="button" onClick={() => props.onChange([])}>
          Clear
        </button>
      </div>
      <div className="groups">
        {props.groups.map((group) => (
          <fieldset key={group.resource} className="group">
            <legend>{group.resource}</legend>
            {group.scopes.map((scope) => (
              <label key={scope} className="check">
                <input type="checkbox" checked={chosen.has(scope)} onChange={() => toggle(scope)} />
                {scope.split('|')[1]!.replace('_', ' ')}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}

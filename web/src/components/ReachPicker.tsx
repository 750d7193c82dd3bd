// Where a token reaches: everything the owner can reach, now and future, or chosen spaces and bases.
import type { Base, Space } from '../types.js';

export interface Reach {
  full: boolean;
  spaceIds: string[];
  baseIds: string[];
}

export function ReachPicker(props: { spaces: readonly Space[]; bases: readonly Base[]; value: Reach; onChange: (reach: Reach) => void }) {
  const { value } = props;
  const flip = (list: string[], id: string): string[] => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  return (
    <fieldset className="reach">
      <legend>Spaces and bases</legend>
      <label className="check">
        <input type="radio" name="reach" checked={value.full} onChange={() => props.onChange({ ...value, full: true })} />
        All of them, now and future
      </label>
      <label className="check">
        <input type="radio" name="reach" checked={!value.full} onChange={() => props.onChange({ ...value, full: false })} />
        Only the ones I choose
      </label>
      {!value.full && (
        <div className="tree">
          {props.spaces.length === 0 && <p className="hint">You have no spaces yet.</p>}
          {props.spaces.map((space) => (
            <div key={space.id}>
              <label className="check">
                <input type="checkbox" checked={value.spaceIds.includes(space.id)} onChange={() => props.onChange({ ...value, spaceIds: flip(value.spaceIds, space.id) })} />
                Space {space.name} (all its bases)
              </label>
              <div className="nested">
                {props.bases
                  .filter((base) => base.spaceId === space.id)
                  .map((base) => (
                    <label key={base.id} className="check">
                      <input
                        type="checkbox"
                        disabled={value.spaceIds.includes(space.id)}
                        checked={value.spaceIds.includes(space.id) || value.baseIds.includes(base.id)}
                        onChange={() => props.onChange({ ...value, baseIds: flip(value.baseIds, base.id) })}
                      />
                      Base {base.name}
                    </label>
                  ))}
              </div>
            </div>
          ))}
        </div>
      )}
    </fieldset>
  );
}

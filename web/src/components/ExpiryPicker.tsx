// Expiry presets (7, 30, 60, 90 days) or a date of one's own, within the administrator's cap.
import { dateInDays } from '../format.js';

const PRESETS = [7, 30, 60, 90];

export function ExpiryPicker(props: { value: string; onChange: (date: string) => void; maxDays: number | null; legend?: string }) {
  const max = props.maxDays === null ? undefined : dateInDays(props.maxDays);
  const preset = PRESETS.find((days) => dateInDays(days) === props.value);
  return (
    <fieldset className="expiry">
      <legend>{props.legend ?? 'Expires'}</legend>
      <div className="presets">
        {PRESETS.map((days) => {
          const allowed = props.maxDays === null || days <= props.maxDays;
          return (
            <label key={days} className="check">
              <input type="radio" name="expiry" disabled={!allowed} checked={preset === days} onChange={() => props.onChange(dateInDays(days))} />
              {days} days
            </label>
          );
        })}
      </div>
      <label>
        On this date
        <input type="date" required min={dateInDays(1)} {...(max ? { max } : {})} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      </label>
      {props.maxDays !== null && <p className="hint">Tokens may last at most {props.maxDays} days here.</p>}
    </fieldset>
  );
}

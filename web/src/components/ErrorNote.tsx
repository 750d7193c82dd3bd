// An error in words, announced to screen readers.
export function ErrorNote(props: { error: string | null }) {
  if (!props.error) return null;
  return (
    <p className="error" role="alert">
      {props.error}
    </p>
  );
}

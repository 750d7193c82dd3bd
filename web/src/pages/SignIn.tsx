// Sign in, or make an account (the first account made is the administrator).
import { useState, type FormEvent } from 'react';
import { messageOf, post } from '../api.js';
import { ErrorNote } from '../components/ErrorNote.js';
import type { User } from '../types.js';

export function SignIn(props: { onSignedIn: (user: User) => void }) {
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user =
        mode === 'signin'
          ? await post<User>('/api/auth/signin', { email, password })
          : await post<User>('/api/auth/signup', { email, password, ...(name.trim() ? { name: name.trim() } : {}) });
      props.onSignedIn(user);
    } catch (e) {
      setError(mode === 'signin' && e instanceof Error && 'status' in e && e.status === 401 ? 'The email or the password is not right.' : messageOf(e));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="card" aria-labelledby="auth-title">
      <h2 id="auth-title">{mode === 'signin' ? 'Sign in' : 'Create an account'}</h2>
      {mode === 'signup' && (
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </label>
      )}
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
      </label>
      <label>
        Password
        <input type="password" required minLength={mode === 'signup' ? 8 : 1} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete={mode === 'signin' ? 'current-password' : 'new-password'} />
      </label>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        <button type="button" className="link" onClick={() => (setMode(mode === 'signin' ? 'signup' : 'signin'), setError(null))}>
          {mode === 'signin' ? 'No account yet? Create one' : 'Have an account? Sign in'}
        </button>
      </div>
    </form>
  );
}

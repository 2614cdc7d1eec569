// The signed-in user, shared by the shell and the pages.
import { api, setCsrfToken, type Me } from './api';
import { resetDirectory } from './directory';

let me: Me | null = null;

export function currentUser(): Me | null {
  return me;
}

export function isAdmin(): boolean {
  return me?.role === 'admin';
}

/** Restores the session from the cookie (GET /me); null when not signed in. */
export async function restoreSession(): Promise<Me | null> {
  try {
    me = await api.me();
    setCsrfToken(me.csrf_token);
  } catch {
    me = null;
  }
  return me;
}

export function signedIn(user: Me): void {
  me = user;
  if (user.csrf_token) setCsrfToken(user.csrf_token);
  resetDirectory();
}

export async function signOut(): Promise<void> {
  try {
    await api.signOut();
  } catch {
    /* the session may already be gone; forget it locally either way */
  }
  forget();
}

export function forget(): void {
  me = null;
  setCsrfToken('');
  resetDirectory();
}

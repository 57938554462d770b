import { ApiError } from './api-client';
import { safePath } from '../server/http/safe-path';

/** Sign-in and sign-up forms: post JSON, show field errors, then return to `?next=` (same-site paths only). */
// Messages other pages send here (fixed texts only: the query string never becomes page text).
const NOTICES: Record<string, string> = {
  'password-reset': 'Your password is set. Sign in with it.',
  'signed-out-everywhere': 'You are signed out on every browser.',
};

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-auth-form]')) {
  const status = form.querySelector<HTMLElement>('[data-status]')!;
  const notice = NOTICES[new URLSearchParams(location.search).get('notice') ?? ''];
  if (notice) status.textContent = notice;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const body = Object.fromEntries(new FormData(form)) as Record<string, string>;
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    status.className = 'auth-status';
    status.textContent = form.dataset.authForm === 'sign-up' ? 'Creating your account…' : 'Signing in…';
    try {
      const response = await fetch(`/api/auth/${form.dataset.authForm}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      });
      const data = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
      if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? `Request failed (${response.status}).`);
      const next = new URLSearchParams(location.search).get('next') ?? '/';
      location.assign(safePath(next) ?? '/');
    } catch (error) {
      status.className = 'auth-status error';
      status.textContent = error instanceof ApiError ? error.message : 'Could not reach the server. Try again.';
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}

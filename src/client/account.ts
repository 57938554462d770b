import { api, getMe, signInHref } from './api-client';

/** Fills every header account control: sign-in/sign-up links, or the user's name and a sign-out button. */
async function init() {
  const controls = document.querySelectorAll<HTMLElement>('[data-account-control]');
  if (controls.length === 0) return;
  const { user } = await getMe();
  for (const control of controls) {
    control.replaceChildren();
    if (!user) {
      control.append(link('Sign in', signInHref('sign-in')), link('Sign up', signInHref('sign-up')));
    } else {
      const name = link(user.name, user.role === 'instructor' ? '/instructor/' : '/account/');
      name.textContent = user.name;
      name.className = 'account-name';
      name.title = user.role === 'instructor' ? `${user.email} (instructor): open the instructor dashboard` : `${user.email}: your account`;
      const out = document.createElement('button');
      out.type = 'button';
      out.textContent = 'Sign out';
      out.addEventListener('click', async () => {
        out.disabled = true;
        try {
          await api('/api/auth/sign-out', { method: 'POST' });
          // Local copies of quiz drafts (the server keeps the drafts) go with the session.
          for (const key of Object.keys(localStorage)) if (key.startsWith('course:quiz-draft:')) localStorage.removeItem(key);
        } finally {
          location.reload();
        }
      });
      control.append(name, out);
    }
    control.dataset.ready = 'true';
  }
}

function link(text: string, href: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = href;
  return a;
}

void init();

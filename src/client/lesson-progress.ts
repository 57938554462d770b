import { api, ApiError, getMe, signInHref } from './api-client';

/**
 * The "Mark lesson complete" control at the foot of each lesson. Before signing in the mark is kept for this
 * browser and moves to the account on sign-in or sign-up; the page says so.
 */
async function init(root: HTMLElement) {
  const lesson = root.dataset.lessonProgress!;
  const button = root.querySelector('button')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const { user } = await getMe();
  let complete = false;
  const render = () => {
    button.hidden = false;
    button.setAttribute('aria-pressed', String(complete));
    button.textContent = complete ? '✓ Lesson complete' : 'Mark lesson complete';
    if (user) status.textContent = complete ? 'Saved to your progress. Click again to undo.' : '';
    else {
      const a = document.createElement('a');
      a.href = signInHref();
      a.textContent = 'Sign in';
      status.replaceChildren(a, complete ? ' to keep this: until then it is kept only for this browser.' : ' to keep track of the lessons you complete.');
    }
  };
  try {
    const { completed } = await api<{ completed: { lesson: string }[] }>('/api/progress/lessons');
    complete = completed.some((c) => c.lesson === lesson);
  } catch {
    /* show the button anyway; saving reports its own errors */
  }
  render();
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Saving…';
    try {
      await api('/api/progress/lessons', { method: 'POST', body: { lesson, complete: !complete } });
      complete = !complete;
      render();
      document.dispatchEvent(new CustomEvent('course:lesson-progress'));
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : 'Could not save. Try again.';
    } finally {
      button.disabled = false;
    }
  });
}

for (const root of document.querySelectorAll<HTMLElement>('[data-lesson-progress]')) void init(root);

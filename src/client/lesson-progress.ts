import { api, ApiError, getMe, signInHref } from './api-client';

/** The "Mark lesson complete" control at the foot of each lesson. */
async function init(root: HTMLElement) {
  const lesson = root.dataset.lessonProgress!;
  const button = root.querySelector('button')!;
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const { user } = await getMe();
  if (!user) {
    const a = document.createElement('a');
    a.href = signInHref();
    a.textContent = 'Sign in';
    status.replaceChildren(a, ' to keep track of the lessons you complete.');
    return;
  }
  let complete = false;
  const render = () => {
    button.hidden = false;
    button.setAttribute('aria-pressed', String(complete));
    button.textContent = complete ? '✓ Lesson complete' : 'Mark lesson complete';
    status.textContent = complete ? 'Saved to your progress. Click again to undo.' : '';
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
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : 'Could not save. Try again.';
    } finally {
      button.disabled = false;
    }
  });
}

for (const root of document.querySelectorAll<HTMLElement>('[data-lesson-progress]')) void init(root);

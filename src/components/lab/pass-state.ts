import { signInHref } from '../../client/api-client';
import { LAB_PASSED_EVENT, type LabPassedDetail } from '../../client/lab-events';
import type { PublicLab } from '../../server/labs/registry';
import type { PassKept } from './lab-client';
import { el } from './render';


/** Where to go after this lab: the next lab on the page, else the page's quiz, else the next lesson. */
function nextStep(section: HTMLElement): { href: string; text: string } | null {
  const labs = [...document.querySelectorAll<HTMLElement>('section.lab[data-lab-id]')];
  const after = labs.slice(labs.indexOf(section) + 1)[0];
  if (after) return { href: `#${after.id}`, text: `Next: the lab “${after.querySelector('.lab-title')?.textContent ?? ''}”` };
  const quiz = [...document.querySelectorAll<HTMLElement>('section.course-quiz[data-quiz]')].find((q) => section.compareDocumentPosition(q) & Node.DOCUMENT_POSITION_FOLLOWING);
  if (quiz) return { href: `#${quiz.id}`, text: `Next: the quiz “${quiz.querySelector('.quiz-title')?.textContent ?? ''}”` };
  const lesson = document.querySelector<HTMLAnchorElement>('.pagination-links a[rel="next"]');
  if (lesson) return { href: lesson.href, text: `Next lesson: ${lesson.querySelector('.link-title')?.textContent?.trim() ?? lesson.textContent?.trim() ?? ''}` };
  return null;
}

/**
 * Shows a pass the server has: PASSED, and "Sign in to keep this pass" while it is kept only for this browser's
 * lab session (it moves to the account on sign-in or sign-up). A fresh pass also shows the next step and tells
 * the page.
 */
export function showPass(section: HTMLElement, lab: PublicLab, kept: PassKept, fresh: boolean): void {
  section.dataset.passed = 'true';
  section.querySelector<HTMLElement>('.lab-passed-badge')!.hidden = false;
  const note = section.querySelector<HTMLElement>('.lab-pass-note')!;
  note.replaceChildren();
  if (kept !== 'account') {
    const link = el('a', undefined, 'Sign in to keep this pass');
    link.href = signInHref('sign-in');
    const signUp = el('a', undefined, 'create an account');
    signUp.href = signInHref('sign-up');
    note.append(link, ' (or ', signUp, kept === 'browser' ? '): until then it is kept only for this browser.' : '): this pass is not saved yet.');
    note.hidden = false;
  } else note.hidden = true;
  const next = nextStep(section);
  const box = section.querySelector<HTMLElement>('.lab-next')!;
  if (next) {
    const a = el('a', 'lab-next-link', next.text);
    a.href = next.href;
    box.replaceChildren(a);
    box.hidden = false;
  }
  if (fresh) document.dispatchEvent(new CustomEvent<LabPassedDetail>(LAB_PASSED_EVENT, { detail: { labId: lab.id, kept } }));
}

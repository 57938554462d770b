/** Renders graded results into a quiz. Learner text always goes in as text; only server-rendered Markdown as HTML. */
import type { AnswerView } from '../server/grading/learner-view';

export interface AttemptView {
  id: number;
  number: number;
  submittedAt: string;
  score: number | null;
  maxScore: number;
  pending: boolean;
  order: Record<string, string[]>;
  answers: AnswerView[];
}

function el(tag: string, className?: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The HTML comes from our own server's Markdown renderer (raw HTML escaped), never from learner input.
function html(tag: string, className: string, markup: string): HTMLElement {
  const e = el(tag, className);
  e.innerHTML = markup;
  return e;
}

/** ✓/✗ with words on an option, never colour alone (WCAG 1.4.1). */
function markOption(label: HTMLElement, correct: boolean, picked: boolean) {
  label.dataset.verdict = correct ? 'correct' : picked ? 'wrong' : '';
  if (!correct && !picked) return;
  const text = correct ? (picked ? '✓ Correct: your choice' : '✓ Correct answer') : '✗ Wrong: your choice';
  label.append(el('span', `quiz-verdict ${correct ? 'correct' : 'wrong'}`, text));
}

const verdictText: Record<string, string> = { correct: '✓ Correct', partial: '◐ Partly correct', wrong: '✗ Incorrect' };

/** `later`: when hidden results appear, in words ("after your last attempt; 1 left"). */
export function renderResults(fieldsets: HTMLFieldSetElement[], attempt: AttemptView | undefined, later?: string | null) {
  for (const fs of fieldsets) {
    const box = fs.querySelector<HTMLElement>('[data-question-result]')!;
    for (const label of fs.querySelectorAll('[data-option]')) label.removeAttribute('data-verdict');
    for (const mark of fs.querySelectorAll('.quiz-verdict')) mark.remove();
    const answer = attempt?.answers.find((a) => a.questionId === fs.dataset.question);
    box.replaceChildren();
    box.hidden = !answer;
    if (!answer) continue;
    box.append(el('p', 'quiz-result-title', `Attempt ${attempt!.number}: `));
    const title = box.firstElementChild!;
    if (answer.status === 'submitted') {
      title.append(el('strong', 'quiz-badge', 'Submitted'));
      box.append(el('p', 'quiz-review-later', `Results for this question are shown ${later ?? 'later, as the quiz’s review settings say'}.`));
      box.dataset.verdict = 'pending';
      continue;
    }
    if (answer.status === 'pending') {
      title.append(el('strong', 'quiz-badge pending', 'Awaiting instructor'));
      box.dataset.verdict = 'pending';
      continue;
    }
    const full = (answer.score ?? 0) >= answer.maxPoints;
    box.dataset.verdict = full ? 'correct' : answer.score ? 'partial' : 'wrong';
    title.append(el('strong', `quiz-badge ${box.dataset.verdict}`, `${verdictText[box.dataset.verdict]}: ${answer.score} / ${answer.maxPoints} points`));
    const key = answer.key;
    if (!key) continue;
    if (key.options) {
      const picked = new Set(Array.isArray(answer.response) ? (answer.response as string[]) : [answer.response as string]);
      const list = el('ul', 'quiz-feedback');
      for (const o of key.options) {
        const label = fs.querySelector<HTMLElement>(`[data-option="${CSS.escape(o.id)}"]`);
        if (label && o.correct !== undefined) markOption(label, o.correct, picked.has(o.id));
        if (!picked.has(o.id) || !o.feedbackHtml) continue;
        const li = el('li', o.correct === undefined ? '' : o.correct ? 'correct' : 'wrong');
        li.append(el('span', 'sr-only', o.correct === undefined ? 'Feedback: ' : o.correct ? 'Right choice: ' : 'Wrong choice: '), html('span', '', o.feedbackHtml));
        list.append(li);
      }
      if (list.childElementCount) box.append(list);
    }
    if (key.answer !== undefined) {
      const tol = key.tolerance ? ` (± ${key.tolerance})` : '';
      box.append(el('p', '', `Expected ${key.answer}${key.unit ? ` ${key.unit}` : ''}${tol}; you answered ${answer.response ?? '(nothing)'}.`));
    }
    if (key.lab) box.append(el('p', '', full ? `Lab "${key.lab}" passed.` : `Lab "${key.lab}" not passed when you submitted.`));
    if (key.rubric) {
      const list = el('ul', 'quiz-rubric');
      for (const r of key.rubric) {
        const li = el('li', r.met ? 'met' : 'unmet');
        li.append(el('span', 'quiz-rubric-mark', r.met ? `✓ +${r.points}` : '✗ 0'), html('span', '', r.descriptionHtml));
        list.append(li);
      }
      box.append(el('p', 'quiz-label', 'Rubric'), list);
      if (key.comment) {
        const q = el('blockquote', 'quiz-comment');
        q.append(el('p', 'quiz-label', 'Instructor comment'), el('p', '', key.comment));
        box.append(q);
      }
    }
    if (key.explanationHtml) {
      const ex = el('div', 'quiz-explanation');
      ex.append(el('p', 'quiz-label', 'Explanation'), html('div', '', key.explanationHtml));
      box.append(ex);
    }
  }
}

export function renderAttempts(container: HTMLElement, attempts: AttemptView[], countedId: number | null) {
  container.replaceChildren();
  if (!attempts.length) return;
  const list = el('ol', 'quiz-attempt-list');
  for (const a of attempts) {
    const li = el('li', '', `Attempt ${a.number} (${new Date(a.submittedAt).toLocaleString()}): ${a.score === null ? 'submitted' : `${a.score} / ${a.maxScore}`}`);
    if (a.pending) li.append(el('span', 'quiz-badge pending', 'awaiting instructor'));
    if (a.id === countedId && attempts.length > 1) li.append(el('span', 'quiz-badge counted', 'counts'));
    list.append(li);
  }
  container.append(el('p', 'quiz-label', 'Your attempts'), list);
}

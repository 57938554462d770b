import { api, ApiError, getMe, signInHref } from './api-client';
import { onLabPassed } from './lab-events';
import { confirmOnPage } from './page-dialog';
import { renderAttempts, renderResults, type AttemptView } from './quiz-results';

interface LearnerQuizState {
  attemptsUsed: number;
  attemptsRemaining: number | null;
  draft: { answers: Answers; updatedAt: string } | null;
  attempts: AttemptView[];
  countedAttemptId: number | null;
  isOpen: boolean;
  opensAt: string | null;
  closesAt: string | null;
  timeLimitMinutes: number | null;
  current: { number: number; order: Record<string, string[]>; startedAt: string; endsAt: string | null } | null;
  labs: { id: string; passed: boolean; href: string }[];
  shownWhen?: { marks: string | null; correctness: string | null };
}
type Answers = Record<string, string | string[] | number | null>;

/** One embedded quiz: restore the draft, autosave it, submit, and show graded results. */
async function initQuiz(root: HTMLElement) {
  const quizId = root.dataset.quiz!;
  const form = root.querySelector<HTMLFormElement>('form')!;
  const status = root.querySelector<HTMLElement>('[data-quiz-status]')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const anonKey = `course:quiz-draft:${quizId}`;
  let localKey = anonKey;
  const fieldsets = [...form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-question]')];

  const say = (text: string, kind: 'info' | 'error' | 'ok' = 'info') => {
    status.textContent = text;
    status.dataset.kind = kind;
  };
  // The local copy carries its time, so the newer of it and the server draft wins after signing in.
  const readLocal = (key = localKey): { answers: Answers; at: number } | null => {
    try {
      const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as { answers?: Answers; at?: number } | null;
      return stored?.answers ? { answers: stored.answers, at: Number(stored.at) || 0 } : null;
    } catch {
      return null;
    }
  };
  const removeLocal = (key: string) => {
    try {
      localStorage.removeItem(key);
    } catch {
      /* storage disabled: nothing to remove */
    }
  };
  const writeLocal = () => {
    try {
      localStorage.setItem(localKey, JSON.stringify({ answers: collect(fieldsets).answers, at: Date.now() }));
    } catch {
      /* storage full or disabled: the server draft still works for signed-in learners */
    }
  };

  const { user } = await getMe();
  if (!user) {
    const local = readLocal();
    if (local) fill(fieldsets, local.answers);
    const signIn = root.querySelector<HTMLElement>('[data-quiz-signin]')!;
    signIn.querySelector<HTMLAnchorElement>('a[data-sign-in]')!.href = signInHref('sign-in');
    signIn.querySelector<HTMLAnchorElement>('a[data-sign-up]')!.href = signInHref('sign-up');
    signIn.hidden = false;
    submit.disabled = true;
    form.addEventListener('input', writeLocal);
    form.addEventListener('change', writeLocal);
    return;
  }

  let state: LearnerQuizState;
  try {
    state = await api<LearnerQuizState>(`/api/quizzes/${quizId}`);
  } catch (error) {
    say(`Could not load your answers: ${(error as Error).message}`, 'error');
    return;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let clock: ReturnType<typeof setInterval> | undefined;
  let autoSubmit = false;
  const start = root.querySelector<HTMLButtonElement>('[data-quiz-start]')!;
  const timeLeft = root.querySelector<HTMLElement>('[data-quiz-timer]')!;
  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      show(await api<LearnerQuizState>(`/api/quizzes/${quizId}/start`, { method: 'POST' }));
    } catch (error) {
      say((error as Error).message, 'error');
    } finally {
      start.disabled = false;
    }
  });
  const saveDraft = async () => {
    clearTimeout(timer);
    const { answers } = collect(fieldsets);
    try {
      await api(`/api/quizzes/${quizId}/draft`, { method: 'PUT', body: { answers } });
      say('Draft saved.');
    } catch (error) {
      say(`Draft not saved: ${(error as Error).message} Your answers are kept in this browser.`, 'error');
    }
  };

  const show = (s: LearnerQuizState) => {
    state = s;
    const latest = s.attempts.at(-1);
    // Options in the order drawn for this learner's current attempt (or the one shown with the latest result).
    applyOrder(fieldsets, s.current?.order ?? latest?.order ?? {});
    renderResults(fieldsets, latest, s.shownWhen?.correctness);
    renderAttempts(root.querySelector<HTMLElement>('[data-quiz-attempts]')!, s.attempts, s.countedAttemptId);
    renderLabWarnings(fieldsets, s.labs);
    const none = s.attemptsRemaining === 0 || !s.isOpen;
    // A timed quiz waits for "Start attempt": the clock runs from there, and answers are taken only while it runs.
    const waiting = !none && !!s.timeLimitMinutes && !s.current;
    start.hidden = !waiting;
    start.textContent = `Start attempt (${s.timeLimitMinutes} minutes)`;
    submit.hidden = waiting;
    submit.disabled = none;
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) el.disabled = none || waiting;
    clearInterval(clock);
    if (!none && s.current?.endsAt) {
      const endsAt = Date.parse(s.current.endsAt);
      const tick = () => {
        const left = Math.max(0, endsAt - Date.now());
        timeLeft.textContent = `Time left: ${Math.floor(left / 60_000)}:${String(Math.floor((left % 60_000) / 1000)).padStart(2, '0')}`;
        if (left === 0) {
          clearInterval(clock);
          autoSubmit = true; // Time is up: submit what is there, without questions.
          form.requestSubmit();
        }
      };
      tick();
      clock = setInterval(tick, 1000);
    } else timeLeft.textContent = '';
    const left = root.querySelector<HTMLElement>('[data-quiz-remaining]')!;
    const dates = !s.isOpen ? (s.opensAt && Date.parse(s.opensAt) > Date.now() ? ` Opens ${new Date(s.opensAt).toLocaleString()}.` : ' This quiz is closed.') : s.closesAt ? ` Closes ${new Date(s.closesAt).toLocaleString()}.` : '';
    const timed = s.current?.endsAt ? ` Time left until ${new Date(s.current.endsAt).toLocaleTimeString()}.` : s.timeLimitMinutes ? ` Time limit: ${s.timeLimitMinutes} minutes per attempt.` : '';
    left.textContent =
      (s.attemptsRemaining === null ? 'Unlimited attempts.' : s.attemptsRemaining === 0 ? 'No attempts left.' : `${s.attemptsRemaining} attempt${s.attemptsRemaining === 1 ? '' : 's'} left.`) + dates + timed;
    submit.textContent = latest ? 'Submit a new attempt' : 'Submit answers';
  };

  // Per-user local copies, so a shared computer never shows one learner's answers to another. An anonymous copy
  // (typed before signing in) is adopted by whoever signs in next on this device.
  localKey = `${anonKey}:u${user.id}`;
  const local = readLocal(anonKey) ?? readLocal();
  removeLocal(anonKey);
  if (local && (!state.draft || local.at > Date.parse(state.draft.updatedAt))) {
    fill(fieldsets, local.answers); // e.g. answers typed before signing in
    void saveDraft();
  } else if (state.draft) fill(fieldsets, state.draft.answers);
  else if (state.attempts.length) fill(fieldsets, responsesOf(state.attempts.at(-1)!));
  show(state);

  const onEdit = () => {
    writeLocal();
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 800);
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);
  // A lab passed on this page counts at once: the lab questions stop warning without a reload.
  onLabPassed(() => {
    void api<LearnerQuizState>(`/api/quizzes/${quizId}`).then((fresh) => {
      state = fresh;
      renderLabWarnings(fieldsets, fresh.labs);
    }, () => {});
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { answers, problems, unanswered } = collect(fieldsets);
    const auto = autoSubmit;
    autoSubmit = false;
    if (problems.length && !auto) return say(problems.join(' '), 'error');
    if (!auto) {
      // The lab state may have changed on this page (or another tab) since it was loaded: ask the server again.
      state = await api<LearnerQuizState>(`/api/quizzes/${quizId}`).catch(() => state);
      renderLabWarnings(fieldsets, state.labs);
      const notPassed = state.labs.filter((l) => !l.passed);
      const warnings = [
        ...(unanswered > 0 ? [`${unanswered} question${unanswered === 1 ? ' is' : 's are'} unanswered.`] : []),
        ...(notPassed.length ? [`You have not passed the lab${notPassed.length > 1 ? 's' : ''} ${notPassed.map((l) => l.id).join(', ')} yet, so ${notPassed.length > 1 ? 'those questions score' : 'that question scores'} 0.`] : []),
        ...(state.attemptsRemaining === 1 ? ['This is your last attempt: after it you cannot submit again.'] : []),
      ];
      if (warnings.length && !(await confirmOnPage('Submit anyway?', warnings, 'Submit'))) return say('Not submitted. Your draft is kept.');
    }
    clearTimeout(timer);
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    say('Submitting…');
    try {
      const result = await api<{ attempt: AttemptView; state: LearnerQuizState }>(`/api/quizzes/${quizId}/submit`, { method: 'POST', body: { answers } });
      removeLocal(localKey);
      show(result.state);
      const a = result.attempt;
      say(
        a.score === null
          ? `Attempt ${a.number} submitted. Your score is shown ${result.state.shownWhen?.marks ?? "later, as this quiz's review settings say"}.`
          : `Attempt ${a.number} submitted: ${a.score} / ${a.maxScore} points${a.pending ? ' so far; some answers are awaiting instructor grading' : ''}.`,
        'ok',
      );
    } catch (error) {
      say(error instanceof ApiError ? error.message : 'Submission failed; your answers are still here. Try again.', 'error');
      submit.disabled = state.attemptsRemaining === 0;
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
}

/** Re-orders each choice question's options to the attempt's stored order. */
function applyOrder(fieldsets: HTMLFieldSetElement[], order: Record<string, string[]>) {
  for (const fs of fieldsets) {
    const ids = order[fs.dataset.question!];
    const list = fs.querySelector<HTMLElement>('.quiz-options');
    if (!ids || !list) continue;
    const items = new Map([...list.children].map((li) => [li.querySelector<HTMLElement>('[data-option]')?.dataset.option, li]));
    for (const id of ids) {
      const li = items.get(id);
      if (li) list.append(li);
    }
  }
}

/** A lab question whose lab is not passed yet says so, with a link to the lab. */
function renderLabWarnings(fieldsets: HTMLFieldSetElement[], labs: { id: string; passed: boolean; href: string }[]) {
  for (const fs of fieldsets) {
    const note = fs.querySelector<HTMLElement>('[data-lab-warning]');
    if (!note) continue;
    const lab = labs.find((l) => l.id === note.dataset.labWarning);
    note.replaceChildren();
    note.hidden = !lab || lab.passed;
    if (!lab || lab.passed) continue;
    const a = document.createElement('a');
    a.href = lab.href;
    a.textContent = `open the ${lab.id} lab`;
    note.append('You have not passed this lab yet, so this question would score 0: ', a, ' and pass its checks first.');
  }
}

function collect(fieldsets: HTMLFieldSetElement[]) {
  const answers: Answers = {};
  const problems: string[] = [];
  let unanswered = 0;
  fieldsets.forEach((fs, i) => {
    const id = fs.dataset.question!;
    let value: Answers[string] = null;
    switch (fs.dataset.type) {
      case 'single':
        value = fs.querySelector<HTMLInputElement>('input:checked')?.value ?? null;
        break;
      case 'multiple': {
        const picked = [...fs.querySelectorAll<HTMLInputElement>('input:checked')].map((el) => el.value);
        value = picked.length ? picked : null;
        break;
      }
      case 'numeric': {
        const raw = fs.querySelector<HTMLInputElement>('input')!.value.trim().replace(',', '.');
        if (raw !== '') {
          value = Number(raw);
          if (!Number.isFinite(value)) problems.push(`Question ${i + 1}: enter a number.`);
        }
        break;
      }
      case 'text': {
        const text = fs.querySelector<HTMLInputElement | HTMLTextAreaElement>('textarea, input')!.value;
        value = text.trim() ? text : null;
        break;
      }
      case 'lab':
        return;
    }
    if (value === null) unanswered++;
    answers[id] = value;
  });
  return { answers, problems, unanswered };
}

function fill(fieldsets: HTMLFieldSetElement[], answers: Answers) {
  for (const fs of fieldsets) {
    const value = answers[fs.dataset.question!];
    if (value === undefined) continue;
    const type = fs.dataset.type;
    if (type === 'single' || type === 'multiple') {
      const picked = new Set(Array.isArray(value) ? value : value === null ? [] : [String(value)]);
      for (const el of fs.querySelectorAll<HTMLInputElement>('input')) el.checked = picked.has(el.value);
    } else if (type === 'numeric' || type === 'text') {
      const el = fs.querySelector<HTMLInputElement | HTMLTextAreaElement>('textarea, input');
      if (el) el.value = value === null ? '' : String(value);
    }
  }
}

function responsesOf(attempt: AttemptView): Answers {
  return Object.fromEntries(attempt.answers.map((a) => [a.questionId, a.response as Answers[string]]));
}

for (const root of document.querySelectorAll<HTMLElement>('[data-quiz]')) void initQuiz(root);

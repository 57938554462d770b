/** Sent on `document` when a lab passes on this page, so quizzes, ticks and the sidebar follow without a reload. */
export const LAB_PASSED_EVENT = 'course:lab-passed';

export interface LabPassedDetail {
  labId: string;
  /** Where the server keeps the pass: the account, this browser until it signs in, or nowhere. */
  kept: 'account' | 'browser' | 'none';
}

export function onLabPassed(listener: (detail: LabPassedDetail) => void): void {
  document.addEventListener(LAB_PASSED_EVENT, (e) => listener((e as CustomEvent<LabPassedDetail>).detail));
}

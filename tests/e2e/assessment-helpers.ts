import { execFileSync } from 'node:child_process';
import { expect, request as requests, type Page } from '@playwright/test';
import { publicAnswers } from '../support/quiz-ids';

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('[data-account-control] button', { hasText: 'Sign out' }).first()).toBeAttached();
}

export function addInstructor(email: string, password: string, name = 'Grace Instructor') {
  execFileSync(process.execPath, ['scripts/instructor-add.mjs', '--email', email, '--name', name, '--password', password], {
    env: { ...process.env, COURSE_DATA_DIR: process.env.E2E_DATA_DIR },
  });
}

/** A learner made over the API (fast), who submits `answers` to `quiz` `times` times. */
export async function learnerSubmits(email: string, quiz: string, answersList: Record<string, unknown>[]) {
  const base = `http://127.0.0.1:${process.env.E2E_PORT ?? 4399}`;
  // Each learner gets their own cookie jar, like their own browser.
  const request = await requests.newContext({ baseURL: base });
  const signUp = await request.post('/api/auth/sign-up', { data: { email, name: email.split('@')[0], password: 'learner-password-1' }, headers: { origin: base } });
  expect(signUp.status()).toBe(201);
  const { csrfToken } = (await signUp.json()) as { csrfToken: string };
  for (const answers of answersList) {
    const res = await request.post(`/api/quizzes/${quiz}/submit`, { data: { answers: publicAnswers(quiz, answers) }, headers: { origin: base, 'x-csrf-token': csrfToken } });
    expect(res.status()).toBe(201);
  }
  await request.dispose();
}

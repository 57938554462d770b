/** Adds "Open full screen" to each diagram (shown on small screens), so a phone can show it at full size. */
for (const figure of document.querySelectorAll<HTMLElement>('figure.wfp-diagram')) {
  if (!figure.requestFullscreen || figure.querySelector('.wfp-diagram-full')) continue;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'wfp-diagram-full';
  button.textContent = 'Open full screen';
  button.addEventListener('click', () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    // Landscape shows the wide drawing at a readable size; browsers that cannot lock orientation just ignore it.
    else
      void figure
        .requestFullscreen()
        .then(() => (screen.orientation as ScreenOrientation & { lock?: (o: string) => Promise<void> }).lock?.('landscape'))
        .catch(() => {});
  });
  document.addEventListener('fullscreenchange', () => {
    button.textContent = document.fullscreenElement === figure ? 'Close full screen' : 'Open full screen';
  });
  figure.append(button);
}

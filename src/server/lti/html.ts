/** Small standalone HTML pages for the LTI flow (they run inside the LMS frame or popup, outside the site's layout). */
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

function page(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}.error{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}a.button,button{display:inline-block;padding:.4rem 1rem;border-radius:999px;border:1px solid #334;background:#fff;color:#112;text-decoration:none;font:inherit;cursor:pointer}</style></head>
<body><main>${body}</main>${script ? `<script>${script}</script>` : ''}</body></html>`;
}

export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escape(title)}</h1><p class="error" role="alert" data-lti-error>${escape(message)}</p><p>Go back to your course and open the item again. If it keeps failing, tell your instructor what this page says.</p>`);
}

/** Dynamic Registration 1.0 section 3.6.2: tell the platform we are done. */
export function registeredPage(name: string, status: string): string {
  const notes: Record<string, string> = {
    approved: 'You can now add lessons, quizzes and labs from your course.',
    'change-pending': 'This platform was registered already. The new endpoints and keys are NOT in use: a site administrator of this course must approve the change first. Until then launches use the registration already approved.',
    unchanged: 'This platform was registered already with the same endpoints; nothing changed.',
  };
  const note = notes[status] ?? 'A site administrator of this course must approve it before launches work.';
  return page(
    status === 'change-pending' ? 'Change waiting for approval' : 'Registered',
    `<h1>Registered with ${escape(name)}</h1><p data-lti-registered="${escape(status)}">${status === 'change-pending' ? '' : 'The course is registered with your platform. '}${note}</p>`,
    `(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');`,
  );
}

/** An auto-submitting form: the OIDC form_post to the platform, or a deep-linking response back to it. */
export function autoPostPage(action: string, fields: Record<string, string>, label: string): string {
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
  return page(label, `<form method="post" action="${escape(action)}" id="f">${inputs}<p>${escape(label)}…</p><noscript><button>Continue</button></noscript></form>`, `document.getElementById('f').submit();`);
}

/**
 * LTI Client Side postMessage storage (platform storage): put or get our binding in the frame the platform named,
 * then continue. Used when third-party cookies may be blocked.
 */
export function storagePutPage(target: string, origin: string, key: string, value: string, next: string): string {
  return page('Signing in', '<p>Signing you in…</p>', `${storageScript}(${scriptJson({ target, origin, key, value, next, mode: 'put' })});`);
}

export function storageGetPage(target: string, origin: string, key: string, action: string, fields: Record<string, string>): string {
  return page('Signing in', `<form method="post" action="${escape(action)}" id="f"></form><p>Signing you in…</p>`, `${storageScript}(${scriptJson({ target, origin, key, action, fields, mode: 'get' })});`);
}

/** Plain JS (not a serialised function, so bundling cannot change it): LTI Client Side postMessage put/get. */
const storageScript = `(function (o) {
  var frame = o.target === '_parent' ? window.parent : (window.parent.frames[o.target] || window.parent);
  var id = Math.random().toString(36).slice(2);
  function fail() { document.body.innerHTML = '<p role="alert" data-lti-error>Your platform did not answer our sign-in request. Open the link in a new window.</p>'; }
  var timer = setTimeout(fail, 15000);
  window.addEventListener('message', function (e) {
    var d = e.data || {};
    if (d.message_id !== id || (o.origin !== '*' && e.origin !== o.origin)) return;
    clearTimeout(timer);
    if (d.error) return fail();
    if (o.mode === 'put') return window.location.assign(o.next);
    var form = document.getElementById('f');
    var fields = Object.assign({}, o.fields, { lti_binding: String(d.value || '') });
    Object.keys(fields).forEach(function (k) {
      var input = document.createElement('input');
      input.type = 'hidden'; input.name = k; input.value = fields[k];
      form.appendChild(input);
    });
    form.submit();
  });
  frame.postMessage(o.mode === 'put' ? { subject: 'lti.put_data', message_id: id, key: o.key, value: o.value } : { subject: 'lti.get_data', message_id: id, key: o.key }, o.origin);
})`;

/**
 * After a launch: go to the item if our session cookie stuck; otherwise (cookies blocked in the frame) offer the
 * one-time link, which signs in top-level in a new window.
 */
export function launchedPage(redirect: string, openUrl: string): string {
  return page(
    'Opening',
    `<h1>Opening your course item…</h1><p id="blocked" hidden role="alert">Your browser blocks this course's cookies inside the LMS frame. <a class="button" id="open" href="${escape(openUrl)}" target="_blank" rel="opener">Open in a new window</a></p>`,
    `fetch('/api/auth/me',{credentials:'same-origin'}).then(r=>r.ok?r.json():null).then(me=>{if(me&&me.user)location.replace(${scriptJson(redirect)});else document.getElementById('blocked').hidden=false;}).catch(()=>{document.getElementById('blocked').hidden=false;});`,
  );
}

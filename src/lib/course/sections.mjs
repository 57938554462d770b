// @ts-check
/**
 * The course's sections, in order: one list for Starlight's sidebar (astro.config.mjs), /course/, the gradebook and
 * /grades/. Each section is a folder of src/content/docs; lessons inside follow `sidebar.order`, then the slug.
 * Plain JavaScript so astro.config.mjs can import it.
 */
export const COURSE_SECTIONS = /** @type {const} */ ([
  { label: 'Foundations', directory: 'foundations' },
  { label: 'Building a platform', directory: 'building' },
  { label: 'Isolation and security', directory: 'isolation' },
  { label: 'Pricing and limits', directory: 'pricing' },
  { label: 'Operating a platform', directory: 'operating' },
  { label: 'Capstone', directory: 'capstone' },
]);

/** Starlight's `sidebar` option built from the list. */
export const starlightSidebar = () => COURSE_SECTIONS.map((s) => ({ label: s.label, items: [{ autogenerate: { directory: s.directory } }] }));

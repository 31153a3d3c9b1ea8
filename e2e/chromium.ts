/** Debian's Chromium and the flags it runs with here, for the e2e specs and the benches alike. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium 156 loads its omnibox popup (a WebUI page, chrome://omnibox-popup.top-chrome) in a
  // renderer of its own as browser contexts open, headless too, where no omnibox is ever shown:
  // 0.67 s of CPU in one traced k=32 load, during the page's own first load, which on two
  // cores the page then waits for. Specs and benches open a new context per test or load.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
];

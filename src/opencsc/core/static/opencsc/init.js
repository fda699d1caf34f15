// OpenCSC's only script: an ES module, so it needs no inline <script> and runs
// under the strict Content-Security-Policy (script-src 'self').
//
// Loaded from base.html as
//   <script type="module" src="/static/opencsc/init.js"></script>
// Browsers without ES module support never run it: they get the no-JavaScript
// page, which works (GOV.UK Frontend 6 only supports browsers with modules).
//
// GOV.UK Frontend's usual inline snippet adds these classes to <body> before
// first paint; here a module adds them, so enhanced components (service
// navigation toggle, accordions) switch over once the page has been parsed.

import { initAll } from '../govuk/govuk-frontend.min.js'
import { initAll as initMojAll } from '../moj/moj-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
initMojAll()

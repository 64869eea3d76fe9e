// Applies the saved light/dark choice before React loads, so a dark-mode
// user does not see a white flash. Kept as a file (not inline) so a strict
// Content-Security-Policy (script-src 'self') still allows it.
;(function () {
  try {
    var saved = localStorage.getItem('pagewright.appearance')
    var dark = saved ? saved === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches
    document.documentElement.classList.add(dark ? 'dark' : 'light')
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light'
  } catch (e) {}
})()

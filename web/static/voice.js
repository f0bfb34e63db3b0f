// The child's pages (/plek): the quick exit. Without JavaScript the exit is a
// plain link to a neutral site; with it, the page is replaced (location.replace,
// so this page is not left behind in the history), the session is ended, and
// pressing Escape three times does the same.
(function () {
  'use strict';
  var exitUrl = document.body.getAttribute('data-exit-url') || 'about:blank';
  var gone = false;

  function quickExit(event) {
    if (event) event.preventDefault();
    if (gone) return;
    gone = true;
    try {
      if (navigator.sendBeacon) navigator.sendBeacon('/plek/weg?snel=1');
    } catch (e) { /* leaving matters more than the beacon */ }
    document.title = '';
    document.body.textContent = '';
    window.location.replace(exitUrl);
  }

  var links = document.querySelectorAll('[data-quick-exit]');
  for (var i = 0; i < links.length; i++) links[i].addEventListener('click', quickExit);

  // Escape three times within two seconds.
  var presses = [];
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' && event.key !== 'Esc') return;
    var now = Date.now();
    presses.push(now);
    presses = presses.filter(function (t) { return now - t <= 2000; });
    if (presses.length >= 3) quickExit(event);
  });

  // A page shown again from the back/forward cache is hidden at once: the
  // server decides again whether the session still exists.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) window.location.reload();
  });
})();

(function () {
  // A link to a frame (#f3) opens it and brings it into view.
  function open() {
    var el = location.hash && document.getElementById(location.hash.slice(1));
    if (el && el.tagName === 'DETAILS') { el.open = true; el.scrollIntoView({block: 'center'}); }
  }
  window.addEventListener('hashchange', open);
  open();
})();

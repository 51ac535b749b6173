(function () {
  var boxes = document.querySelectorAll('#filter input');
  function apply() {
    var on = {};
    for (var i = 0; i < boxes.length; i++) on[boxes[i].value] = boxes[i].checked;
    var rows = document.querySelectorAll('tr[data-v]');
    for (var j = 0; j < rows.length; j++) rows[j].hidden = !on[rows[j].getAttribute('data-v')];
  }
  for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener('change', apply);
  apply();
})();

// IWG Tracker: no inline scripts (Content-Security-Policy); behaviour that pages need lives here.
// The language selector does not submit itself on "change": with the keyboard, each arrow key is a change, and
// WCAG 3.2.2 (On Input) forbids switching context on it. Its "Change" button submits.

// Formsets (people on a new communication, remedies of a decision): "Add another" clones the empty form kept in
// a <template id="<prefix>-empty"> and bumps the management form's TOTAL_FORMS.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-formset-add]");
  if (!button) {
    return;
  }
  const prefix = button.dataset.formsetAdd;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const maximum = document.getElementById(`id_${prefix}-MAX_NUM_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const container = document.getElementById(`${prefix}-forms`);
  if (!total || !template || !container) {
    return;
  }
  const index = parseInt(total.value, 10) || 0;
  if (maximum && index >= (parseInt(maximum.value, 10) || 1000)) {
    button.disabled = true;
    return;
  }
  container.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
  total.value = String(index + 1);
  const added = container.lastElementChild;
  const first = added && added.querySelector("input:not([type=hidden]), select, textarea");
  if (first) {
    first.focus();
  }
});

// Buttons that change something irreversible ask first: <form data-confirm="Question?">.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

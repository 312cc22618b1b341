// IWG meeting page: after htmx replaces the agenda, move the keyboard focus to the element the server marked with
// data-focus-after-swap (the message), so keyboard and screen-reader users are not left on a button that no
// longer exists.
document.addEventListener("htmx:afterSettle", () => {
  const target = document.querySelector("[data-focus-after-swap]");
  if (target) {
    target.removeAttribute("data-focus-after-swap");
    target.setAttribute("tabindex", "-1");
    target.focus();
  }
});

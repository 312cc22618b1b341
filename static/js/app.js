// IWG Tracker: no inline scripts (Content-Security-Policy); behaviour that pages need lives here.
document.addEventListener("change", (event) => {
  if (event.target.id === "language-select") {
    event.target.form.submit();
  }
});

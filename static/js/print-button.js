// Buttons marked data-print print the page. A listener rather than an onclick
// attribute, because the site's Content-Security-Policy runs no inline script.
(function () {
    "use strict";
    document.querySelectorAll("[data-print]").forEach((button) => {
        button.addEventListener("click", () => window.print());
    });
})();

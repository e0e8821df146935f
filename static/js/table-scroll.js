// Wide tables scroll inside their own region (.table-scroll, see portal.css). On a phone a hint above the
// region says to swipe; this hides it whenever the table fits, so it never asks for a swipe that does
// nothing. Without JavaScript the hint stays on narrow screens, where the wide tables overflow.
(function () {
    "use strict";

    function update(region) {
        var hint = region.previousElementSibling;
        if (hint && hint.classList.contains("table-scroll-hint")) {
            hint.hidden = region.scrollWidth <= region.clientWidth + 1;
        }
    }

    function start() {
        var regions = document.querySelectorAll(".table-scroll");
        regions.forEach(update);
        if ("ResizeObserver" in window) {
            var observer = new ResizeObserver(function (entries) {
                entries.forEach(function (entry) { update(entry.target); });
            });
            regions.forEach(function (region) { observer.observe(region); });
        } else {
            window.addEventListener("resize", function () { regions.forEach(update); });
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();

// The report form: the self-score moves as the officer types (computed by the server with the
// scoring engine), and the draft is saved by itself every 20 seconds when something changed.
// Without JavaScript the form still works with its Save buttons.
(function () {
    "use strict";
    // A double click sends one submission (the server also treats a second one as done).
    document.querySelectorAll("button[data-once]").forEach((button) => {
        button.form.addEventListener("submit", () => { button.disabled = true; });
    });
    const form = document.querySelector("form.report-form");
    if (!form || form.hasAttribute("data-readonly")) return;
    const status = document.querySelector("[data-autosave-status]");
    const version = form.querySelector("input[name=version]");
    let dirty = false;
    let timer = null;

    function show(scores) {
        Object.entries(scores.indicators || {}).forEach(([code, value]) => {
            const cell = document.querySelector(`[data-score="${CSS.escape(code)}"]`);
            if (cell && value !== null) cell.textContent = value;
        });
        ["group", "total"].forEach((key) => {
            const cell = document.querySelector(`[data-score="${key}"]`);
            if (cell && scores[key] !== undefined) cell.textContent = scores[key];
        });
    }

    // An input the server cannot score says why beside its indicator's score, instead of the old figure.
    function explain(errors) {
        Object.entries(errors || {}).forEach(([name, messages]) => {
            const cell = document.querySelector(`[data-score="${CSS.escape(name.split("__")[0])}"]`);
            if (cell) cell.textContent = `${form.dataset.unscorableLabel}: ${messages.join(" ")}`;
        });
    }

    function rescore() {
        fetch(form.dataset.liveScoreUrl, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" } })
            .then((response) => response.json().then((body) => ({ response, body })))
            .then(({ response, body }) => {
                if (response.ok) show(body);
                else if (response.status === 400) explain(body.errors);
            })
            .catch(() => {});
    }

    form.addEventListener("input", () => {
        dirty = true;
        clearTimeout(timer);
        timer = setTimeout(rescore, 400);
    });

    function autosave() {
        if (!dirty) return;
        dirty = false;
        fetch(window.location.pathname, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" } })
            .then((response) => response.json().then((body) => ({ status: response.status, body })))
            .then(({ status: code, body }) => {
                if (code === 200) {
                    version.value = body.version;
                    if (status) status.textContent = `${form.dataset.savedLabel || "✓"} ${body.saved_at}`;
                } else if (code === 409) {
                    if (status) status.textContent = body.conflict;
                } else {
                    dirty = true; // keep what was typed; the Save button shows the reason
                }
            })
            .catch(() => { dirty = true; });
    }
    setInterval(autosave, 20000);
})();

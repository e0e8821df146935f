// The report form. The self-score moves as the officer types (computed by the server with the scoring
// engine). The draft saves itself a moment after each answer is changed, every 20 seconds while a long
// text is typed, and when the page is hidden; leaving the page with changes not saved yet asks first.
// When a save is refused, the list of errors takes the focus and each of its links moves the focus to
// the input to fix.
// Without JavaScript the form still works: its Save buttons, and the evidence buttons, which post the
// typed answers along with the evidence (assessments/reporting/typed_answers.py).
(function () {
    "use strict";
    // A double click sends one submission (the server also treats a second one as done).
    document.querySelectorAll("button[data-once]").forEach((button) => {
        button.form.addEventListener("submit", () => { button.disabled = true; });
    });

    // Errors: the evidence panel's list when evidence was refused (the officer's last action), else the
    // form's. Each link moves the focus to its input, with the input's label or question in view.
    const summary = document.querySelector('[data-error-summary="evidence"]') || document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach((link) => {
        link.addEventListener("click", (event) => {
            const input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
            if (!input) return;
            event.preventDefault();
            const field = input.closest(".field");
            const caption = field && field.querySelector("legend, label");
            // Centred: the score bar sticks to the top of the window and would hide a label put there.
            (caption || input).scrollIntoView({ block: "center" });
            input.focus({ preventScroll: true });
        });
    });

    const form = document.querySelector("form.report-form");
    if (!form || form.hasAttribute("data-readonly")) return;
    const status = document.querySelector("[data-autosave-status]");
    const version = form.querySelector("input[name=version]");
    // Changes made to the answers since the page opened; a page shown again with answers the server
    // refused (data-unsaved) opens with them unsaved, so leaving it asks first too.
    let edits = form.hasAttribute("data-unsaved") ? 1 : 0;
    let savedEdits = 0; // how many of them the server has
    let evidenceTyped = false; // evidence details typed but not added yet: only a warning can keep them
    let saving = null; // the save under way
    let stopped = false; // someone else saved: this page no longer saves by itself (the Save button says why)
    let submitting = false;
    let rescoreTimer = null;
    let saveTimer = null;

    const unsaved = () => edits !== savedEdits;
    const inEvidence = (element) => element.closest("[data-evidence-fields]") !== null;

    // The answers alone: the evidence inputs (and a chosen file) go only with their own button.
    function answers() {
        const data = new FormData(form);
        form.querySelectorAll("[data-evidence-fields] [name]").forEach((input) => data.delete(input.name));
        return data;
    }

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
        fetch(form.dataset.liveScoreUrl, { method: "POST", body: answers(), headers: { "X-Requested-With": "fetch" } })
            .then((response) => response.json().then((body) => ({ response, body })))
            .then(({ response, body }) => {
                if (response.ok) show(body);
                else if (response.status === 400) explain(body.errors);
            })
            .catch(() => {});
    }

    // One save at a time: two at once would carry the same version, and the second would be refused
    // as if someone else had saved in between.
    function save(keepalive) {
        if (stopped || submitting || !unsaved()) return Promise.resolve();
        if (saving) return saving.then(() => save(keepalive));
        const upTo = edits;
        saving = fetch(form.action, {
            method: "POST",
            body: answers(),
            headers: { "X-Requested-With": "fetch" },
            keepalive: keepalive === true,
        })
            .then((response) => response.json().then((body) => ({ code: response.status, body })))
            .then(({ code, body }) => {
                if (code === 200) {
                    version.value = body.version;
                    savedEdits = Math.max(savedEdits, upTo);
                    if (status) status.textContent = `${form.dataset.savedLabel || "✓"} ${body.saved_at}`;
                } else if (code === 409 || code === 403) {
                    stopped = true;
                    if (status) status.textContent = body.conflict || body.refused || "";
                }
                // 400: what was typed stays unsaved (and guarded); the live score and the Save button say why.
            })
            .catch(() => {})
            .finally(() => { saving = null; });
        return saving;
    }

    form.addEventListener("input", (event) => {
        if (inEvidence(event.target)) {
            evidenceTyped = true;
            return;
        }
        edits += 1;
        clearTimeout(rescoreTimer);
        rescoreTimer = setTimeout(rescore, 400);
    });
    // A changed answer (a text left, an option chosen) is saved a moment later.
    form.addEventListener("change", (event) => {
        if (inEvidence(event.target)) return;
        clearTimeout(saveTimer);
        saveTimer = setTimeout(save, 1000);
    });
    setInterval(save, 20000);
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") save(true);
    });

    form.addEventListener("submit", (event) => {
        if (saving) {
            // The save under way moves the version this submission must carry: submit once it is done.
            event.preventDefault();
            const submitter = event.submitter;
            saving.then(() => form.requestSubmit(submitter || undefined));
            return;
        }
        submitting = true;
        clearTimeout(saveTimer);
    });
    // Back to this page from the browser's cache: it is no longer being submitted.
    window.addEventListener("pageshow", () => { submitting = false; });

    window.addEventListener("beforeunload", (event) => {
        if (submitting || !(unsaved() || evidenceTyped)) return;
        event.preventDefault();
        event.returnValue = ""; // older browsers show the dialog only when this is set
    });
})();

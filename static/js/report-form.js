// The report form. The self-score moves as the officer types (computed by the server with the scoring
// engine). The draft saves itself a moment after each answer is changed, every 20 seconds while a long
// text is typed, and when the page is hidden; leaving the page with changes not saved yet asks first.
// When a save is refused, the list of errors takes the focus and each of its links moves the focus to
// the input to fix.
// When the session ends (session-timeout.js says so, or a save meets the login page), the answers not
// saved yet are kept in this tab's sessionStorage, under the person and this form, and never sent
// anywhere else; logged in again, the form puts them back and saves them, then drops the copy.
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
    // The browser's copy of the answers while logged out (docs/sessions.md).
    const session = document.querySelector("[data-session-timeout]");
    const keptKey = `portal:kept-answers:${session ? session.dataset.sessionUser : ""}:${new URL(form.action).pathname}`;
    const notAnswers = new Set(["csrfmiddlewaretoken", "version", "next_group"]);
    let kept = false; // this page's unsaved answers are in the copy
    let restoring = false; // the page opened with a copy, which is being saved

    const unsaved = () => edits !== savedEdits;
    const inEvidence = (element) => element.closest("[data-evidence-fields]") !== null;

    // The answers alone: the evidence inputs (and a chosen file) go only with their own button.
    function answers() {
        const data = new FormData(form);
        form.querySelectorAll("[data-evidence-fields] [name]").forEach((input) => data.delete(input.name));
        return data;
    }

    function keep() {
        if (!unsaved()) return false;
        const values = [];
        answers().forEach((value, name) => {
            if (!notAnswers.has(name) && typeof value === "string") values.push([name, value]);
        });
        try {
            sessionStorage.setItem(keptKey, JSON.stringify({ version: version.value, values }));
        } catch (error) {
            return false; // storage full or refused: the warning before leaving still guards them
        }
        kept = true;
        return true;
    }

    function forget() {
        try { sessionStorage.removeItem(keptKey); } catch (error) { /* nothing kept */ }
        kept = false;
        restoring = false;
    }

    // Back from logging in again: the kept answers go into their inputs, with the version they were typed
    // on (someone else's save meanwhile is then a conflict, as ever), and are saved.
    function restore() {
        let copy = null;
        try { copy = JSON.parse(sessionStorage.getItem(keptKey)); } catch (error) { copy = null; }
        if (!copy || !Array.isArray(copy.values)) return;
        const values = new Map();
        copy.values.forEach(([name, value]) => values.set(name, [...(values.get(name) || []), value]));
        const seen = new Map();
        Array.from(form.elements).forEach((input) => {
            if (!input.name || notAnswers.has(input.name) || inEvidence(input)) return;
            if (["submit", "button", "reset", "file"].includes(input.type)) return;
            const given = values.get(input.name) || [];
            if (input.type === "checkbox" || input.type === "radio") {
                input.checked = given.includes(input.value); // a name missing from the copy had none chosen
            } else if (input.type === "select-multiple") {
                Array.from(input.options).forEach((option) => { option.selected = given.includes(option.value); });
            } else if (values.has(input.name)) {
                const index = seen.get(input.name) || 0;
                seen.set(input.name, index + 1);
                if (index < given.length) input.value = given[index];
            }
        });
        version.value = copy.version;
        edits += 1;
        kept = true;
        restoring = true;
        rescore();
        save();
    }

    // Logged out: the login page answers instead of the view (a redirect), or the CSRF check refuses.
    function sessionGone(response) {
        const json = (response.headers.get("Content-Type") || "").includes("json");
        return response.redirected || (response.status === 403 && !json);
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
            .then((response) => {
                if (sessionGone(response)) return { code: 401, body: {} };
                return response.json().then((body) => ({ code: response.status, body }));
            })
            .then(({ code, body }) => {
                if (code === 200) {
                    version.value = body.version;
                    savedEdits = Math.max(savedEdits, upTo);
                    const label = restoring && session ? session.dataset.restoredLabel : form.dataset.savedLabel || "✓";
                    if (status) status.textContent = `${label} ${body.saved_at}`;
                    if (kept) forget();
                } else if (code === 409 || code === 403) {
                    stopped = true;
                    if (status) status.textContent = body.conflict || body.refused || "";
                    // The answers are on the page, guarded as any unsaved answers; the copy has done its work.
                    if (restoring) forget();
                } else if (code === 401) {
                    keep();
                    document.dispatchEvent(new CustomEvent("portal:session-lost"));
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

    // The session has ended (session-timeout.js): keep what is not saved yet, and let the dialog say so.
    document.addEventListener("portal:session-ended", (event) => {
        if (keep()) event.detail.kept = true;
    });
    restore();

    window.addEventListener("beforeunload", (event) => {
        if (submitting || !(unsaved() || evidenceTyped)) return;
        // Logged out with the answers in the browser's copy (refreshed with the latest typing): going to
        // log in again loses nothing, but evidence typed and not added would be lost.
        if (kept && keep() && !evidenceTyped) return;
        event.preventDefault();
        event.returnValue = ""; // older browsers show the dialog only when this is set
    });
})();

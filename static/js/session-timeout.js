// The idle-session warning (templates/includes/session_timeout.html, docs/sessions.md), on every page of a
// signed-in person. The server ends a session after a set idle time; this asks it when (its status URL
// does not count as activity), and a moment before, opens a dialog saying how long is left, with "Stay
// logged in", which asks the server for a new idle period. Escape does the same: someone pressed a key.
// Before warning, and when the time is up, it asks the server again: a save of the report form, or
// another tab, may have kept the session alive meanwhile. Once the session has ended the dialog says so
// and links to the login page, which returns here; it first tells the page ("portal:session-ended"), so
// the report form can keep the answers not saved yet (report-form.js). The report form tells it when a
// save finds the session gone ("portal:session-lost").
(function () {
    "use strict";
    const dialog = document.querySelector("dialog[data-session-timeout]");
    if (!dialog || typeof dialog.showModal !== "function") return;
    const warning = dialog.querySelector("[data-session-warning]");
    const ended = dialog.querySelector("[data-session-ended]");
    const countdown = dialog.querySelector("[data-session-countdown]");
    const keepForm = dialog.querySelector("form[data-session-keep-alive]");
    const keptNote = dialog.querySelector("[data-session-kept]");
    const login = dialog.querySelector("[data-session-login]");

    let expiresAt = null; // this browser's clock, in ms; null until the server has said
    let warningMs = 120000;
    let checking = null; // the status request under way
    let over = false; // the session has ended: nothing more to count
    let returnFocus = null;

    const left = () => expiresAt - Date.now();

    function learn(body) {
        if (!body.authenticated) {
            end();
            return;
        }
        // Relative to now, so a browser clock that is off does not matter.
        expiresAt = Date.now() + body.expires_in * 1000;
        warningMs = body.warning_seconds * 1000;
        if (dialog.open && !over && left() > warningMs) hide();
    }

    function check() {
        if (checking) return checking;
        checking = fetch(dialog.dataset.statusUrl, { headers: { "X-Requested-With": "fetch" }, cache: "no-store" })
            .then((response) => (response.ok ? response.json() : Promise.reject(response)))
            .then(learn)
            .catch(() => {}) // offline for a moment: the last known expiry stands
            .finally(() => { checking = null; });
        return checking;
    }

    function format(ms) {
        const total = Math.max(0, Math.ceil(ms / 1000));
        const minutes = Math.floor(total / 60);
        const seconds = `${total % 60} ${dialog.dataset.secondsLabel}`;
        return minutes ? `${minutes} ${dialog.dataset.minutesLabel} ${seconds}` : seconds;
    }

    function open(labelId, descriptionId, focus) {
        if (dialog.open) dialog.close();
        // Named and described anew each time it opens, so a screen reader announces what it says now.
        dialog.setAttribute("aria-labelledby", labelId);
        dialog.setAttribute("aria-describedby", descriptionId);
        dialog.showModal();
        focus.focus();
    }

    function warn() {
        countdown.textContent = format(left());
        if (dialog.open) return;
        returnFocus = document.activeElement;
        warning.hidden = false;
        ended.hidden = true;
        open("phien-sap-het", "phien-sap-het-mo-ta", keepForm.querySelector("button"));
    }

    function hide() {
        if (!dialog.open) return;
        dialog.close();
        if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
        returnFocus = null;
    }

    // Also when the report form finds the session gone after the message was put away: it opens again,
    // now saying the answers typed since are kept.
    function end() {
        const event = new CustomEvent("portal:session-ended", { detail: { kept: false } });
        document.dispatchEvent(event); // report-form.js keeps what was not saved, and says so in detail.kept
        if (event.detail.kept) keptNote.hidden = false;
        if (over && dialog.open) return;
        over = true;
        warning.hidden = true;
        ended.hidden = false;
        open("phien-da-het", "phien-da-het-mo-ta", login);
    }

    function stay() {
        fetch(keepForm.action, { method: "POST", body: new FormData(keepForm), headers: { "X-Requested-With": "fetch" } })
            .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
            .then(({ ok, body }) => {
                if (ok) {
                    learn(body);
                    hide();
                } else {
                    end();
                }
            })
            .catch(check);
    }

    keepForm.addEventListener("submit", (event) => {
        event.preventDefault();
        stay();
    });
    dialog.addEventListener("cancel", (event) => {
        event.preventDefault();
        if (over) dialog.close(); // the message can be put away; the report form keeps guarding its answers
        else stay();
    });

    setInterval(() => {
        if (over || expiresAt === null || checking) return;
        const ms = left();
        if (ms <= 0 || (ms <= warningMs && !dialog.open)) {
            // Ask before warning or ending: the time may have been moved on by another request.
            check().then(() => {
                if (over || expiresAt === null) return;
                if (left() <= warningMs) warn();
            });
        } else if (dialog.open) {
            countdown.textContent = format(ms);
        }
    }, 1000);

    document.addEventListener("portal:session-lost", check);
    // Timers slow down in a hidden tab, and a page can come back from the browser's cache.
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible" && !over) check();
    });
    window.addEventListener("pageshow", (event) => {
        if (event.persisted && !over) check();
    });
    check();
})();

// A background job's status page (templates/home/job_status.html): asks the job's state every second and
// moves the bar; when the job ends, says so in the live region and shows the download link or the error and
// Retry. Without this script the page is still right when reloaded.
(function () {
  "use strict";

  function setup(root) {
    var url = root.getAttribute("data-job-state-url");
    var bar = root.querySelector("[data-job-bar]");
    var percentage = root.querySelector("[data-job-percentage]");
    var status = root.querySelector("[data-job-status]");
    var message = root.querySelector("[data-job-message]");
    var notice = root.querySelector("[data-job-notice]");
    var download = root.querySelector("[data-job-download]");
    var link = root.querySelector("[data-job-download-link]");
    var failure = root.querySelector("[data-job-failure]");
    var error = root.querySelector("[data-job-error]");
    var hint = root.querySelector("[data-job-reload-hint]");
    var count = root.querySelector("[data-job-count]");
    if (hint) {
      hint.hidden = true;
    }

    function show(state) {
      bar.value = state.percentage;
      bar.textContent = state.percentage + " %";
      percentage.textContent = state.percentage + " %";
      status.textContent = state.status_label;
      message.textContent = state.message;
      if (state.total) {
        count.textContent =
          "· " + count.getAttribute("data-template").replace("{done}", state.done).replace("{total}", state.total);
        count.hidden = false;
      }
      if (state.status === "succeeded") {
        if (state.download_url) {
          link.href = state.download_url;
          link.textContent = state.result_label;
          download.hidden = false;
        }
        notice.textContent = notice.getAttribute("data-done");
      } else if (state.status === "failed") {
        error.textContent = state.error;
        failure.hidden = false;
        notice.textContent = notice.getAttribute("data-failed");
      }
    }

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (state) {
          show(state);
          if (!state.finished) {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () {
          // The server or the network failed this once: try again a little later.
          window.setTimeout(poll, 3000);
        });
    }

    if (root.getAttribute("data-job-finished") !== "true") {
      window.setTimeout(poll, 1000);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-job-state-url]").forEach(setup);
  });
})();

// Live rows: a table with data-live listens to that Server-Sent Events stream and puts each
// "sessions" event's rows (rendered and escaped by the broker) in its body. A status with
// data-poll (tap to enrol) asks that URL every second while it says "armed", and shows its text.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table[data-live]");
  if (!table || !window.EventSource) return;
  const status = document.getElementById("live-status");
  const events = new EventSource(table.dataset.live);
  events.addEventListener("sessions", (e) => {
    table.tBodies[0].innerHTML = e.data;
    if (status) status.textContent = status.dataset.updated || "";
  });
  events.addEventListener("signed-out", (e) => {
    events.close();
    if (status) status.textContent = e.data;
  });
});

document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("[data-poll]");
  if (!status || !window.fetch) return;
  const poll = () => {
    if (status.dataset.state !== "armed") return;
    fetch(status.dataset.poll, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((s) => {
        status.dataset.state = s.state;
        if (status.textContent !== s.text) status.textContent = s.text;
      })
      .catch(() => {})
      .finally(() => setTimeout(poll, 1000));
  };
  setTimeout(poll, 1000);
});

/* Timeline filters. Without JavaScript the full timeline shows; with it, readers narrow the list
   by sector, actor, type and period. The choice lives in the URL (?sector=culture&from=2018) so a
   filtered view can be shared, and the setup reruns after Material's instant navigation. */
(function () {
  "use strict";

  var FIELDS = ["sector", "actor", "type", "from", "to"];

  function setup() {
    var form = document.getElementById("timeline-filter");
    if (!form || form.getAttribute("data-ready")) {
      return;
    }
    form.setAttribute("data-ready", "true");
    form.hidden = false;
    var cards = Array.prototype.slice.call(document.querySelectorAll("article.ph-event[data-year]"));
    var status = form.querySelector("[role=status]");

    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var control = form.elements[name];
      var wanted = params.get(name);
      if (control && wanted !== null) {
        control.value = wanted;
        if (control.value !== wanted) {
          control.value = ""; // an unknown value in a shared link falls back to "all"
        }
      }
    });

    function matches(card, chosen) {
      var year = Number(card.getAttribute("data-year"));
      return (!chosen.sector || card.getAttribute("data-sectors").split(" ").indexOf(chosen.sector) >= 0) &&
        (!chosen.actor || card.getAttribute("data-actors").split(" ").indexOf(chosen.actor) >= 0) &&
        (!chosen.type || card.getAttribute("data-type") === chosen.type) &&
        (!chosen.from || year >= Number(chosen.from)) &&
        (!chosen.to || year <= Number(chosen.to));
    }

    function apply(updateUrl) {
      var chosen = {};
      FIELDS.forEach(function (name) {
        chosen[name] = form.elements[name].value;
      });
      var shown = 0;
      cards.forEach(function (card) {
        var visible = matches(card, chosen);
        card.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      // A year heading stays only while one of its events is shown.
      document.querySelectorAll(".ph-events").forEach(function (group) {
        var any = group.querySelector(".ph-event:not([hidden])") !== null;
        group.hidden = !any;
        var heading = group.previousElementSibling;
        if (heading && heading.tagName === "H2") {
          heading.hidden = !any;
        }
      });
      status.textContent = status.getAttribute("data-template")
        .replace("{shown}", String(shown)).replace("{total}", String(cards.length));
      if (updateUrl) {
        var query = new URLSearchParams();
        FIELDS.forEach(function (name) {
          if (chosen[name]) {
            query.set(name, chosen[name]);
          }
        });
        var search = query.toString();
        window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      }
    }

    form.addEventListener("change", function () {
      apply(true);
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        apply(true);
      }, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    apply(false);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

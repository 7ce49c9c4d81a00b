/* The query page: YASGUI (served from node_modules by the server) set up for this endpoint.
 *
 * - completion of prefixes (namespaces.PREFIXES), classes and properties (/sparql/terms.json),
 *   all answered locally: nothing is fetched from prefix.cc or Linked Open Vocabularies;
 * - the saved questions (/queries.json, when the server has it) open as tabs;
 * - results as a sortable table, the raw response, and a simple bar chart (drawn here as SVG);
 * - links to download the results in every format of the endpoint, and to reopen the query;
 * - IRIs of this graph in the results link to this server's pages, not to the canonical host.
 */
(function () {
  "use strict";

  var configEl = document.getElementById("editor-config");
  var host = document.getElementById("yasgui");
  if (!configEl || !host || typeof window.Yasgui !== "function") return;
  var config = JSON.parse(configEl.textContent);
  var Yasgui = window.Yasgui;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var SVG_NS = "http://www.w3.org/2000/svg";

  var TABLE_FORMATS = [
    ["json", "SPARQL JSON", "srj"],
    ["xml", "SPARQL XML", "srx"],
    ["csv", "CSV", "csv"],
    ["tsv", "TSV", "tsv"],
  ];
  var GRAPH_FORMATS = [
    ["turtle", "Turtle", "ttl"],
    ["ntriples", "N-Triples", "nt"],
    ["nquads", "N-Quads", "nq"],
    ["trig", "TriG", "trig"],
    ["jsonld", "JSON-LD", "jsonld"],
    ["rdfxml", "RDF/XML", "rdf"],
  ];

  /* ---------------------------------------------------------------- completion */

  var emptyTerms = { classes: [], properties: [], prefixes: config.prefixes };
  var termsPromise = fetch(config.termsUrl, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .catch(function (error) {
      console.warn("The editor cannot complete classes and properties: " + config.termsUrl + ": " + error);
      return emptyTerms;
    });
  var labels = {};
  termsPromise.then(function (terms) {
    terms.classes.concat(terms.properties).forEach(function (t) {
      if (t.label) labels[t.iri] = t.label;
    });
  });

  var prefixList = Object.keys(config.prefixes).map(function (p) {
    return p + ": <" + config.prefixes[p] + ">";
  });
  // The prefix completer: our prefixes, added to the query as soon as one is typed.
  Yasqe.registerAutocompleter(
    Object.assign({}, Yasqe.Autocompleters.prefixes, { get: prefixList, persistenceId: null }),
  );

  function termCompleter(name, kind) {
    var original = Yasqe.Autocompleters[name];
    return Object.assign({}, original, {
      name: name,
      bulk: false,
      autoShow: true,
      persistenceId: null,
      preProcessToken: function (yasqe, token) {
        token = original.preProcessToken(yasqe, token);
        // A prefix the query does not declare yet, but the graph has: complete it all the same.
        if (token.tokenPrefix && !token.tokenPrefixUri) {
          var namespace = config.prefixes[token.tokenPrefix.slice(0, -1)];
          if (namespace) {
            token.tokenPrefixUri = namespace;
            token.autocompletionString = namespace + token.string.trim().slice(token.tokenPrefix.length);
          }
        }
        return token;
      },
      get: function (yasqe, token) {
        return termsPromise.then(function (terms) {
          return suggest(terms[kind], token);
        });
      },
      postprocessHints: function (yasqe, hints) {
        return hints.map(function (hint) {
          var iri = expand(yasqe, hint.text);
          if (labels[iri]) hint.displayText = hint.text + "  \u2014 " + labels[iri];
          return hint;
        });
      },
    });
  }

  function suggest(terms, token) {
    if (!token) return [];
    var starts = [];
    var contains = [];
    if (token.tokenPrefixUri) {
      var namespace = token.tokenPrefixUri;
      var local = token.autocompletionString.slice(namespace.length).toLowerCase();
      terms.forEach(function (t) {
        if (t.iri.indexOf(namespace) !== 0) return;
        var name = t.iri.slice(namespace.length).toLowerCase();
        if (name.indexOf(local) === 0) starts.push(t.iri);
        else if (local && name.indexOf(local) > 0) contains.push(t.iri);
      });
    } else {
      var wanted = (token.autocompletionString || "").toLowerCase();
      terms.forEach(function (t) {
        if (wanted && t.iri.toLowerCase().indexOf(wanted) === 0) starts.push(t.iri);
      });
    }
    return starts.concat(contains).slice(0, 100);
  }

  function expand(yasqe, text) {
    if (text.charAt(0) === "<") return text.slice(1, -1);
    var colon = text.indexOf(":");
    var prefixes = Object.assign({}, config.prefixes, yasqe.getPrefixesFromQuery());
    var namespace = prefixes[text.slice(0, colon)];
    return namespace ? namespace + text.slice(colon + 1) : text;
  }

  Yasqe.registerAutocompleter(termCompleter("class", "classes"));
  Yasqe.registerAutocompleter(termCompleter("property", "properties"));

  /* ---------------------------------------------------------------- chart */

  var NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedLong|unsignedInt|unsignedShort|unsignedByte)$/;

  function isNumber(binding) {
    if (!binding || binding.type === "uri" || binding.type === "bnode") return false;
    if (binding.datatype && NUMERIC.test(binding.datatype)) return true;
    return !binding.datatype && binding.value.trim() !== "" && isFinite(Number(binding.value));
  }

  function columns(results) {
    var vars = results.getVariables();
    var rows = results.getBindings();
    var numeric = vars.filter(function (v) {
      var bound = rows.filter(function (row) {
        return row[v];
      });
      return bound.length > 0 && bound.every(function (row) {
        return isNumber(row[v]);
      });
    });
    return { vars: vars, rows: rows, numeric: numeric };
  }

  function shortName(binding, prefixes) {
    if (!binding) return "";
    if (binding.type !== "uri") return binding.value;
    for (var p in prefixes) {
      if (binding.value.indexOf(prefixes[p]) === 0) return p + ":" + binding.value.slice(prefixes[p].length);
    }
    return binding.value;
  }

  function svgEl(name, attributes, text) {
    var el = document.createElementNS(SVG_NS, name);
    for (var key in attributes) el.setAttribute(key, attributes[key]);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function truncate(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "\u2026" : text;
  }

  var MAX_BARS = 60;

  /** A horizontal bar chart of one numeric column against a label column: simple and honest. */
  class ChartPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
      this.choice = {};
    }

    canHandleResults() {
      var results = this.yasr.results;
      if (!results || results.getError()) return false;
      if (results.getBoolean() !== undefined || results.getType() === "ttl") return false;
      var c = columns(results);
      return c.rows.length > 0 && c.numeric.length > 0;
    }

    getIcon() {
      var icon = svgEl("svg", { viewBox: "0 0 16 16", width: "15", height: "15", "aria-hidden": "true" });
      [[1, 9, 3, 6], [6, 4, 3, 11], [11, 7, 3, 8]].forEach(function (b) {
        icon.appendChild(svgEl("rect", { x: b[0], y: b[1], width: b[2], height: b[3], fill: "currentColor" }));
      });
      return icon;
    }

    draw() {
      var c = columns(this.yasr.results);
      var labelsFrom = c.vars.filter(function (v) {
        return c.numeric.indexOf(v) < 0;
      });
      if (!labelsFrom.length) labelsFrom = c.vars.slice();
      var value = c.numeric.indexOf(this.choice.value) >= 0 ? this.choice.value : c.numeric[0];
      var label = labelsFrom.indexOf(this.choice.label) >= 0 ? this.choice.label : labelsFrom[0];
      var wrapper = document.createElement("div");
      wrapper.className = "extratex-chart";
      wrapper.appendChild(this.controls(labelsFrom, c.numeric, label, value));
      this.svg = this.chart(c.rows, label, value);
      var figure = document.createElement("figure");
      figure.className = "chart";
      figure.appendChild(this.svg);
      var caption = document.createElement("figcaption");
      var shown = Math.min(c.rows.length, MAX_BARS);
      caption.textContent =
        "?" + value + " for each ?" + label + (c.rows.length > shown ? " (first " + shown + " of " + c.rows.length + " rows)" : "");
      figure.appendChild(caption);
      wrapper.appendChild(figure);
      this.yasr.resultsEl.appendChild(wrapper);
    }

    controls(labelVars, valueVars, label, value) {
      var self = this;
      var form = document.createElement("div");
      form.className = "extratex-chart__controls";
      [["label", "Bars", labelVars, label], ["value", "Length", valueVars, value]].forEach(function (c) {
        var id = "chart-" + c[0] + "-" + Math.random().toString(36).slice(2, 8);
        var lab = document.createElement("label");
        lab.htmlFor = id;
        lab.textContent = c[1] + " ";
        var select = document.createElement("select");
        select.id = id;
        c[2].forEach(function (v) {
          var option = document.createElement("option");
          option.value = v;
          option.textContent = "?" + v;
          option.selected = v === c[3];
          select.appendChild(option);
        });
        select.addEventListener("change", function () {
          self.choice[c[0]] = select.value;
          while (self.yasr.resultsEl.firstChild) self.yasr.resultsEl.firstChild.remove();
          self.draw();
        });
        form.appendChild(lab);
        form.appendChild(select);
      });
      return form;
    }

    chart(rows, label, value) {
      var prefixes = typeof this.yasr.config.prefixes === "function" ? this.yasr.config.prefixes(this.yasr) : this.yasr.config.prefixes;
      var data = rows
        .filter(function (row) {
          return row[value];
        })
        .slice(0, MAX_BARS)
        .map(function (row) {
          return { label: shortName(row[label], prefixes || {}), value: Number(row[value].value) };
        });
      var width = 800;
      var labelWidth = 250;
      var barHeight = 22;
      var gap = 6;
      var top = 8;
      var height = top * 2 + data.length * (barHeight + gap);
      var values = data.map(function (d) {
        return d.value;
      });
      var min = Math.min(0, Math.min.apply(null, values));
      var max = Math.max(0, Math.max.apply(null, values));
      var span = max - min || 1;
      var plot = width - labelWidth - 70;
      var x = function (v) {
        return labelWidth + ((v - min) / span) * plot;
      };
      var svg = svgEl("svg", {
        xmlns: SVG_NS,
        viewBox: "0 0 " + width + " " + height,
        width: width,
        height: height,
        role: "img",
        "aria-label": "Bar chart of ?" + value + " for each ?" + label,
        class: "chart__svg",
      });
      svg.appendChild(svgEl("title", {}, "?" + value + " for each ?" + label));
      data.forEach(function (d, i) {
        var y = top + i * (barHeight + gap);
        var g = svgEl("g", { class: "chart__bar" });
        g.appendChild(svgEl("title", {}, d.label + ": " + d.value));
        g.appendChild(
          svgEl("text", { x: labelWidth - 8, y: y + barHeight / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "chart__label" }, truncate(d.label, 36)),
        );
        var x0 = x(Math.min(0, d.value));
        g.appendChild(svgEl("rect", { x: x0, y: y, width: Math.max(1, Math.abs(x(d.value) - x(0))), height: barHeight, rx: 2, class: "chart__rect" }));
        g.appendChild(
          svgEl("text", { x: x(Math.max(0, d.value)) + 6, y: y + barHeight / 2, "dominant-baseline": "middle", class: "chart__value" }, String(d.value)),
        );
        svg.appendChild(g);
      });
      svg.appendChild(svgEl("line", { x1: x(0), x2: x(0), y1: 0, y2: height, class: "chart__axis" }));
      return svg;
    }

    download() {
      var svg = this.svg;
      if (!svg) return undefined;
      return {
        contentType: "image/svg+xml",
        getData: function () {
          return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
        },
        filename: "chart.svg",
        title: "Download the chart (SVG)",
      };
    }
  }

  Yasr.registerPlugin("chart", ChartPlugin);
  Yasr.defaults.pluginOrder = ["table", "chart", "response"];
  Yasqe.defaults.editorHeight = "24rem";

  /* The endpoint's errors ({"error", "status", "detail"}) as a sentence, not as raw JSON. */
  Yasr.defaults.errorRenderers = [
    function (error) {
      var document_;
      try {
        document_ = JSON.parse(error.text);
      } catch (e) {
        return undefined;
      }
      if (!document_ || !document_.error) return undefined;
      var el = document.createElement("div");
      el.className = "sparql-error";
      var title = document.createElement("strong");
      title.textContent = document_.error + " (" + (document_.status || error.status) + ")";
      el.appendChild(title);
      var detail = document.createElement("pre");
      detail.textContent = document_.detail || "";
      el.appendChild(detail);
      return el;
    },
  ];
  Yasr.plugins.table.defaults.openIriInNewWindow = false;

  /* ---------------------------------------------------------------- the editor */

  var yasgui = new Yasgui(host, {
    autofocus: false,
    persistenceId: "extratex_kg_editor",
    copyEndpointOnNewTab: false,
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: config.endpoint }];
      },
    },
    yasqe: { value: config.defaultQuery },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
  });
  window.extratexEditor = yasgui; // for the browser tests and for the curious

  /* IRIs of this graph link to this server's own pages. */
  function localise(root) {
    if (config.baseIri === config.localRoot) return;
    var links = root.querySelectorAll('a[href^="' + config.baseIri + '"]');
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute("href", config.localRoot + links[i].getAttribute("href").slice(config.baseIri.length));
      links[i].removeAttribute("target");
    }
  }
  localise(host);
  new MutationObserver(function () {
    localise(host);
  }).observe(host, { childList: true, subtree: true });

  /* Download and share links for the query of the current tab. */
  var linksSection = document.getElementById("query-links");
  var downloads = document.getElementById("download-links");
  var shareLink = document.getElementById("share-link");
  var pageLink = document.getElementById("results-page-link");

  function queryUrl(query, format) {
    return config.endpoint + "?query=" + encodeURIComponent(query) + "&format=" + format;
  }

  function updateLinks() {
    var tab = yasgui.getTab();
    if (!tab || !linksSection) return;
    var query = tab.getQuery();
    var yasqe = tab.getYasqe();
    var type = ((yasqe && yasqe.getQueryType()) || "SELECT").toUpperCase();
    var formats = type === "CONSTRUCT" || type === "DESCRIBE" ? GRAPH_FORMATS : TABLE_FORMATS;
    while (downloads.firstChild) downloads.firstChild.remove();
    formats.forEach(function (f, i) {
      if (i) downloads.appendChild(document.createTextNode(" \u00b7 "));
      var a = document.createElement("a");
      a.href = queryUrl(query, f[0]);
      a.download = "results." + f[2];
      a.textContent = f[1];
      a.setAttribute("data-format", f[0]);
      downloads.appendChild(a);
    });
    shareLink.href = location.origin + location.pathname + "#query=" + encodeURIComponent(query);
    pageLink.href = queryUrl(query, "html");
    linksSection.hidden = false;
  }
  ["tabSelect", "tabChange", "tabAdd", "queryResponse"].forEach(function (event) {
    yasgui.on(event, function () {
      setTimeout(updateLinks, 0);
    });
  });
  updateLinks();

  /* The saved questions, opened as tabs. */
  var examples = document.getElementById("editor-examples");
  var select = document.getElementById("example-select");
  var openButton = document.getElementById("example-open");

  function catalogue(document_) {
    var items = Array.isArray(document_) ? document_ : document_.queries || document_.items || [];
    return items
      .map(function (q) {
        var name = q.name || q.id || q.slug;
        var url = q.sparql || q.rq || (config.savedQueriesUrl ? config.savedQueriesUrl + "/" + name + ".rq" : null);
        return {
          name: name,
          title: q.title || q.label || name,
          text: q.query || q.text || null,
          url: url ? new URL(url, config.localRoot).href : null,
        };
      })
      .filter(function (q) {
        return q.name && (q.text || q.url);
      });
  }

  if (config.examplesUrl && examples) {
    fetch(config.examplesUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (document_) {
        var items = catalogue(document_);
        items.forEach(function (q) {
          var option = document.createElement("option");
          option.value = q.name;
          option.textContent = q.title;
          select.appendChild(option);
        });
        examples.hidden = items.length === 0;
        openButton.addEventListener("click", function () {
          var q = items.find(function (item) {
            return item.name === select.value;
          });
          if (q) openExample(q);
        });
      })
      .catch(function (error) {
        console.warn("No saved questions for the editor: " + error);
      });
  }

  function openExample(q) {
    var text = q.text
      ? Promise.resolve(q.text)
      : fetch(q.url, { headers: { Accept: "application/sparql-query, text/plain" } }).then(function (response) {
          if (!response.ok) throw new Error(q.url + ": HTTP " + response.status);
          return response.text();
        });
    text.then(function (query) {
      var tab = yasgui.addTab(true, { name: q.title, yasqe: { value: query } }, { avoidDuplicateTabs: true });
      yasgui.selectTabId(tab.getId());
      tab.setQuery(query);
      tab.query().catch(function () {});
    }, function (error) {
      console.warn("Cannot open the saved question: " + error);
    });
  }
})();

/*
 * socmodels-glue: the book's glued numbers in JupyterLab (Binder).
 *
 * The notebooks put computed numbers into their prose with myst-nb's `{glue:text}` role:
 * `glue("gini", 0.4991)` in a code cell stores the value as an output
 * (`application/papermill.record/text/plain`, named in `metadata.scrapbook.name`) and
 * "{glue:text}`gini:.3f`" in a markdown cell shows it, formatted, on the site. jupyterlab-myst
 * (2.7) renders MyST in JupyterLab but knows no glue role: it shows the role's content,
 * "gini:.3f", in a plain <span>. This plugin replaces that text with the value from the
 * notebook's own outputs, formatted as myst-nb formats it (Python's format mini-language:
 * the subset the book uses, "", ",", ".Nf", ".Ne", ".N%", "d", "s"). When the outputs change
 * (the student re-runs a cell) the numbers follow; without outputs the role's text stays.
 *
 * It is a JupyterLab 4 federated extension written by hand, with nothing to build: this file is
 * the module-federation container JupyterLab's bootstrap loads (`window._JUPYTERLAB[name]`
 * with `init` and `get`), and its one plugin needs no shared packages. The socmodels package
 * installs it into <prefix>/share/jupyter/labextensions/socmodels-glue/ (pyproject.toml,
 * data-files), so `pip install -r requirements.txt` gives it to Binder and to every reader.
 * tests/binder/test_jupyterlab.py checks it in JupyterLab in headless Chromium.
 */
(function () {
  'use strict';

  var NAME = 'socmodels-glue';
  var MIME = 'application/papermill.record/text/plain';
  /** What jupyterlab-myst leaves of a glue role: "key" or "key:format". */
  var ROLE = /^([A-Za-z_][\w-]*)(?::([^:\s]*))?$/;
  /** The part of Python's format mini-language the book uses: [,][.precision][type]. */
  var SPEC = /^(,)?(?:\.(\d+))?([defs%]?)$/;
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  /** ast.literal_eval, for what glue stores: a number, a quoted string or True/False. */
  function literal(text) {
    var t = text.trim();
    if (NUMBER.test(t)) {
      return { kind: /^[+-]?\d+$/.test(t) ? 'int' : 'float', value: Number(t), text: t };
    }
    var special = /^([+-]?)(nan|inf)$/.exec(t);
    if (special) {
      var magnitude = special[2] === 'nan' ? NaN : Infinity;
      return { kind: 'float', value: special[1] === '-' ? -magnitude : magnitude, text: t };
    }
    if (t === 'True' || t === 'False') {
      return { kind: 'int', value: t === 'True' ? 1 : 0, text: t };
    }
    var quoted = /^(['"])([\s\S]*)\1$/.exec(t);
    return { kind: 'str', value: quoted ? quoted[2] : t, text: quoted ? quoted[2] : t };
  }

  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  /** Thousands separators in the integer part of a decimal string ("-12345.5" -> "-12,345.5"). */
  function groupDecimal(text) {
    var m = /^([+-]?)(\d+)(.*)$/.exec(text);
    return m && !/e/i.test(text) ? m[1] + group(m[2]) + m[3] : text;
  }

  /**
   * The first `keep` digits of a digit string, rounded half to even on the rest (the exact
   * decimal expansion): Python's rounding. Returns the kept digits, one longer on a carry.
   */
  function roundHalfEven(digits, keep) {
    var head = digits.slice(0, keep).split('').map(Number);
    var rest = digits.slice(keep);
    var last = keep > 0 ? head[keep - 1] : 0;
    var up = rest[0] > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
    for (var i = head.length - 1; up && i >= 0; i--) {
      head[i] = (head[i] + 1) % 10;
      up = head[i] === 0;
    }
    return (up ? '1' : '') + head.join('');
  }

  /** The exact decimal expansion of |x| (toFixed(100) is exact at the magnitudes glued). */
  function exactDigits(x) {
    var exact = Math.abs(x).toFixed(100);
    var point = exact.indexOf('.');
    return { digits: exact.slice(0, point) + exact.slice(point + 1), point: point };
  }

  function sign(x) {
    return x < 0 || Object.is(x, -0) ? '-' : '';
  }

  /** Python's "%.Nf". (Number.toFixed rounds an exact tie up: 38.5 -> "39", Python "38".) */
  function fixed(x, precision) {
    if (Math.abs(x) >= 1e21) {
      return x.toFixed(precision);
    }
    var e = exactDigits(x);
    var whole = roundHalfEven(e.digits, e.point + precision);
    var intLength = whole.length - precision;
    return sign(x) + whole.slice(0, intLength) + (precision ? '.' + whole.slice(intLength) : '');
  }

  /** Python's "%.Ne": half-even rounding, at least two exponent digits ("1.2e-05"). */
  function exponential(x, precision) {
    if (x === 0 || Math.abs(x) >= 1e21 || Math.abs(x) < 1e-60) {
      return x.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
    }
    var e = exactDigits(x);
    var first = e.digits.search(/[1-9]/);
    var exponent = e.point - first - 1;
    var mantissa = roundHalfEven(e.digits.slice(first), precision + 1);
    if (mantissa.length > precision + 1) {
      mantissa = mantissa.slice(0, precision + 1);
      exponent += 1;
    }
    var power = Math.abs(exponent) < 10 ? '0' + Math.abs(exponent) : String(Math.abs(exponent));
    return (
      sign(x) + mantissa[0] + (precision ? '.' + mantissa.slice(1) : '') +
      'e' + (exponent < 0 ? '-' : '+') + power
    );
  }

  function nonFinite(x) {
    return isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  }

  /**
   * format(literal_eval(text), spec), as myst_nb.core.variables.format_plain_text does, or
   * null for a format this plugin does not implement (the role is then left as it is).
   */
  function formatGlue(text, spec) {
    var parsed = literal(text);
    if (!spec) {
      return parsed.text;
    }
    var m = SPEC.exec(spec);
    if (!m) {
      return null;
    }
    var comma = !!m[1];
    var precision = m[2] === undefined ? 6 : Number(m[2]);
    var type = m[3];
    if (type === 's' || parsed.kind === 'str') {
      return type === 's' && !comma && m[2] === undefined ? String(parsed.text) : null;
    }
    var x = parsed.value;
    if (type === '') {
      // No type: the value keeps its kind, and only the grouping applies (format(20000, ",")).
      return m[2] === undefined ? (comma ? groupDecimal(parsed.text) : parsed.text) : null;
    }
    if (type === 'd') {
      return parsed.kind === 'int' && m[2] === undefined
        ? (comma ? groupDecimal(String(x)) : String(x))
        : null;
    }
    if (!isFinite(x)) {
      return nonFinite(x) + (type === '%' ? '%' : '');
    }
    var out;
    if (type === 'f') {
      out = fixed(x, precision);
    } else if (type === 'e') {
      out = exponential(x, precision);
    } else {
      out = fixed(x * 100, precision);
    }
    if (comma) {
      out = groupDecimal(out);
    }
    return type === '%' ? out + '%' : out;
  }

  /** Every glued value in a notebook's outputs, by name. */
  function glueStore(model) {
    var store = new Map();
    var cells = model.cells;
    for (var i = 0; i < cells.length; i++) {
      var cell = cells.get(i);
      var outputs = cell && cell.type === 'code' ? cell.outputs : null;
      if (!outputs) {
        continue;
      }
      for (var j = 0; j < outputs.length; j++) {
        var output = outputs.get(j);
        var scrapbook = output.metadata && output.metadata.scrapbook;
        var value = output.data ? output.data[MIME] : undefined;
        if (Array.isArray(value)) {
          value = value.join('');
        }
        if (scrapbook && scrapbook.name && typeof value === 'string') {
          store.set(scrapbook.name, value);
        }
      }
    }
    return store;
  }

  function notebookPanels(app) {
    var panels = [];
    for (var widget of app.shell.widgets('main')) {
      if (widget && widget.content && widget.content.model && widget.content.model.cells) {
        panels.push(widget);
      }
    }
    return panels;
  }

  /** Put each notebook's glued values into its rendered markdown cells. */
  function renderAll(app) {
    notebookPanels(app).forEach(function (panel) {
      var spans = panel.node.querySelectorAll('.jp-MarkdownCell .myst span');
      if (!spans.length) {
        return;
      }
      var store = glueStore(panel.content.model);
      spans.forEach(function (span) {
        if (span.children.length || !span.firstChild || span.firstChild.nodeType !== 3) {
          return;
        }
        var role = span.getAttribute('data-socmodels-glue');
        var m = ROLE.exec(role || span.textContent);
        if (!m || (!role && !store.has(m[1]))) {
          return;
        }
        if (!role) {
          role = span.textContent;
          span.setAttribute('data-socmodels-glue', role);
          span.classList.add('socmodels-glue');
        }
        var value = store.has(m[1]) ? formatGlue(store.get(m[1]), m[2] || '') : null;
        var shown = value === null ? role : value;
        if (value === null) {
          span.title = 'Run the notebook to compute this value (' + m[1] + ')';
        } else {
          span.removeAttribute('title');
        }
        // Change the text node React rendered rather than replacing it, so that React's own
        // later updates of this cell still find the node they own.
        if (span.firstChild.nodeValue !== shown) {
          span.firstChild.nodeValue = shown;
        }
      });
    });
  }

  var plugin = {
    id: NAME + ':plugin',
    description: 'Shows glued values ({glue:text} roles) in markdown cells rendered by jupyterlab-myst.',
    autoStart: true,
    requires: [],
    activate: function (app) {
      var pending = null;
      var schedule = function () {
        if (pending === null) {
          pending = setTimeout(function () {
            pending = null;
            renderAll(app);
          }, 50);
        }
      };
      new MutationObserver(schedule).observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
      });
      schedule();
      // For tests and for the curious: the formatter, and a way to re-render on demand.
      window.socmodelsGlue = { format: formatGlue, render: function () { renderAll(app); } };
    },
  };

  var root = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  root[NAME] = {
    init: function () {
      return Promise.resolve();
    },
    get: function (module) {
      if (module !== './extension') {
        return Promise.reject(new Error(NAME + ' has no module ' + module));
      }
      return Promise.resolve(function () {
        return { __esModule: true, default: plugin };
      });
    },
  };
})();

/// The console's one stylesheet, served at `/console/assets/console.css` (the content security
/// policy allows no inline style). Narrow screens get one column; tables scroll on their own.
enum ConsoleStylesheet {
    static let css = """
        :root { --ink: #1d2433; --muted: #5b6475; --line: #d9dde5; --accent: #2456c9; --bg: #f6f7f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--bg); }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; padding: .75rem 1.25rem;
          background: #fff; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
        nav a { color: var(--accent); text-decoration: none; }
        nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
        header form.link { margin-left: auto; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
        h1 { font-size: 1.4rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.1rem; margin-top: 1.75rem; }
        a { color: var(--accent); }
        .scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
        td pre, td code { white-space: pre-wrap; }
        dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; background: #fff; padding: .75rem 1rem;
          border: 1px solid var(--line); border-radius: 6px; }
        dl.details dt { color: var(--muted); }
        dl.details dd { margin: 0; overflow-wrap: anywhere; }
        form { margin: .75rem 0; }
        form.filter, form.action { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: end; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
        .actions form { margin: 0; }
        label { display: inline-flex; flex-direction: column; gap: .2rem; color: var(--muted); font-size: .9rem; }
        input, select { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; max-width: 100%; }
        button { font: inherit; padding: .4rem .9rem; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
        form.link button { background: none; color: var(--accent); padding: 0; text-decoration: underline; }
        .notice { background: #e6f4ea; border: 1px solid #9fd3ad; padding: .5rem .75rem; border-radius: 4px; }
        .error { color: #a4262c; }
        p.error { background: #fdecea; border: 1px solid #f1aeb5; padding: .5rem .75rem; border-radius: 4px; }
        .empty, .hint { color: var(--muted); }
        .status { display: inline-block; padding: 0 .45rem; border-radius: 999px; background: #e8eaef; font-size: .85rem; }
        .status-delivered, .status-succeeded, .status-processed, .status-enabled { background: #d7f0de; }
        .status-pending, .status-received, .status-processing, .status-requires_action, .status-skipped { background: #fff1c7; }
        .status-dead, .status-failed, .status-disabled, .status-canceled, .status-disputed { background: #fbd9d9; }
        pre.payload { background: #fff; border: 1px solid var(--line); padding: .75rem; overflow-x: auto; white-space: pre-wrap;
          overflow-wrap: anywhere; }
        .secret code { font-size: 1rem; background: #fff7d6; padding: .25rem .4rem; overflow-wrap: anywhere; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
        figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .75rem; }
        figure.chart svg { width: 100%; height: auto; display: block; }
        figcaption { font-weight: 600; margin-bottom: .5rem; }
        text.axis { font-size: 11px; fill: var(--muted); }
        ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .5rem 0 0; font-size: .85rem; }
        .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .3rem; vertical-align: -1px; }
        .bar-delivered, .bar-processed, .bar-succeeded { fill: #2f9e5b; background: #2f9e5b; }
        .bar-pending, .bar-received, .bar-processing, .bar-requires_action { fill: #e0a526; background: #e0a526; }
        .bar-dead, .bar-failed { fill: #c93b3b; background: #c93b3b; }
        .bar-disabled, .bar-canceled { fill: #7a7f8c; background: #7a7f8c; }
        .bar-refunded, .bar-partially_refunded { fill: #6a5acd; background: #6a5acd; }
        .bar-disputed { fill: #b5179e; background: #b5179e; }
        .pager { margin: .75rem 0; display: flex; gap: 1rem; }
        @media (max-width: 600px) {
          main { padding: .75rem; }
          dl.details { grid-template-columns: 1fr; }
          dl.details dt { margin-top: .35rem; }
          header form.link { margin-left: 0; }
        }
        """
}

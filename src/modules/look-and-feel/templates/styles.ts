/**
 * The stylesheet of every built-in page (and of templates that use `{% default_styles %}`).
 * No web fonts, no external assets: the system font stack and inline SVG only.
 */
export const PAGE_STYLES = `
:root{--bg:#f3f5f9;--surface:#fff;--text:#17212f;--muted:#566173;--border:#d5dbe5;--primary:#1d4ed8;--primary-hover:#1e3fae;
--primary-soft:#eef3ff;--danger:#b42318;--danger-soft:#fef3f2;--danger-border:#fbcfca;--success:#067647;--success-soft:#ecfdf3;
--radius:12px;color-scheme:light}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;min-height:100vh;background:var(--bg);color:var(--text);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
a{color:var(--primary);text-underline-offset:2px}
a:hover{color:var(--primary-hover)}
:focus-visible{outline:3px solid var(--primary);outline-offset:2px}
.page{min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:40px 16px;gap:24px}
.brand{display:flex;align-items:center;gap:10px;font-weight:650;font-size:1.125rem;letter-spacing:-.01em}
.card{width:100%;max-width:420px;background:var(--surface);border:1px solid var(--border);border-radius:var(--radius);
box-shadow:0 1px 2px rgba(16,24,40,.05),0 8px 24px rgba(16,24,40,.06);padding:36px 32px}
.card-wide{max-width:880px}
.title{margin:0 0 8px;font-size:1.5rem;line-height:1.25;font-weight:700;letter-spacing:-.015em}
.lead{margin:0 0 24px;color:var(--muted);text-wrap:pretty}
h2{font-size:1.0625rem;margin:32px 0 8px}
h3{font-size:.9375rem;margin:20px 0 8px}
p{margin:0 0 12px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.muted{color:var(--muted)}
.small{font-size:.875rem}
.stack{display:flex;flex-direction:column;gap:16px}
.btn{display:flex;align-items:center;justify-content:center;gap:12px;width:100%;min-height:48px;padding:10px 16px;border-radius:8px;
border:1px solid transparent;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;text-align:center;text-wrap:balance}
.btn-primary{background:var(--primary);color:#fff}
.btn-primary:hover{background:var(--primary-hover);color:#fff}
.btn-provider{background:var(--surface);color:var(--text);border-color:#b9c2d0;justify-content:flex-start;text-align:left}
.btn-provider:hover{background:var(--primary-soft);border-color:var(--primary);color:var(--text)}
.btn-provider span:last-child{flex:1}
.btn-provider::after{content:"";flex:none;width:8px;height:8px;margin-right:4px;border-top:2px solid var(--muted);border-right:2px solid var(--muted);transform:rotate(45deg)}
.btn-link{background:none;color:var(--primary);font-weight:500;min-height:44px}
.btn-link:hover{text-decoration:underline}
.provider-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:12px}
.provider-icon{width:24px;height:24px;object-fit:contain;flex:none}
.provider-monogram{width:24px;height:24px;flex:none;border-radius:6px;background:var(--primary-soft);color:var(--primary);
display:inline-flex;align-items:center;justify-content:center;font-size:.8125rem;font-weight:700;text-transform:uppercase}
.field{display:flex;flex-direction:column;gap:6px}
.field label{font-weight:600;font-size:.9375rem}
.field input{width:100%;min-height:48px;padding:10px 14px;border:1px solid #8a94a6;border-radius:8px;font:inherit;color:var(--text);background:#fff}
.field input:focus-visible{outline:3px solid var(--primary);outline-offset:0;border-color:var(--primary)}
.field input[aria-invalid=true]{border-color:var(--danger)}
.field-error{margin:0;color:var(--danger);font-size:.875rem}
.check{display:flex;align-items:center;gap:10px;margin:0 0 16px;min-height:44px}
.check input{width:20px;height:20px;margin:0;flex:none;accent-color:var(--primary)}
.stack .check{margin:0}
.divider{display:flex;align-items:center;gap:12px;margin:24px 0;color:var(--muted);font-size:.875rem}
.divider::before,.divider::after{content:"";flex:1;height:1px;background:var(--border)}
.alert{border-radius:8px;padding:12px 14px;margin:0 0 20px;border:1px solid var(--border);background:var(--primary-soft)}
.alert p:last-child{margin:0}
.alert-error{background:var(--danger-soft);border-color:var(--danger-border);color:#7a271a}
.status-icon{width:48px;height:48px;border-radius:50%;display:flex;align-items:center;justify-content:center;margin:0 0 20px}
.status-icon-error{background:var(--danger-soft);color:var(--danger)}
.status-icon-success{background:var(--success-soft);color:var(--success)}
.status-icon-info{background:var(--primary-soft);color:var(--primary)}
.next-step{border-left:3px solid var(--primary);padding:2px 0 2px 14px;margin:0 0 24px}
.next-step h2{margin:0 0 4px;font-size:.9375rem}
.next-step p{margin:0;color:var(--muted)}
.meta{margin:24px 0 0;padding:16px 0 0;border-top:1px solid var(--border);display:grid;gap:12px;font-size:.875rem;color:var(--muted)}
.meta div{display:grid;gap:2px;min-width:0}
.meta dt{font-weight:600;color:var(--text)}
.meta dd{margin:0;overflow-wrap:anywhere}
.meta dd code{user-select:all}
.meta .detail::first-letter{text-transform:uppercase}
.footer{display:flex;flex-wrap:wrap;justify-content:center;gap:8px 20px;font-size:.875rem;color:var(--muted)}
.footer a{color:var(--muted)}
.countdown{font-variant-numeric:tabular-nums}
.nowrap{white-space:nowrap}
.auto-redirect .btn{margin-top:8px}
.result-header{display:flex;align-items:flex-start;justify-content:space-between;gap:16px;flex-wrap:wrap;margin-bottom:16px}
.eyebrow{margin:0 0 4px;text-transform:uppercase;letter-spacing:.06em;font-size:.75rem;font-weight:700;color:var(--muted)}
.badge{display:inline-flex;align-items:center;gap:6px;padding:4px 12px;border-radius:999px;font-weight:700;font-size:.875rem}
.badge-success{background:var(--success-soft);color:var(--success)}
.badge-error{background:var(--danger-soft);color:var(--danger)}
.badge-warning{background:#fffaeb;color:#93370d}
.summary{display:grid;grid-template-columns:max-content 1fr;gap:6px 20px;margin:0}
.summary dt{font-weight:600;color:var(--muted)}
.summary dd{margin:0;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto;border:1px solid var(--border);border-radius:8px}
.table{width:100%;border-collapse:collapse;font-size:.9375rem}
.table th,.table td{text-align:left;vertical-align:top;padding:10px 14px;border-bottom:1px solid var(--border)}
.table tr:last-child td{border-bottom:0}
.table th{background:#f8fafc;font-size:.8125rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.table td{overflow-wrap:anywhere}
.table code{overflow-wrap:break-word}
.table-attributes td:first-child{width:38%}
.table-attributes code{overflow-wrap:anywhere}
.table-attributes td:last-child{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem}
.empty{color:var(--muted);font-style:italic}
.badge-group{background:var(--primary-soft);color:var(--primary);font-weight:600;margin:0 4px 4px 0}
.home-links{margin:8px 0 24px}
.home-link-name{display:block;font-weight:600}
.home-link-description{display:block;margin-top:2px;font-weight:400}
#apps-heading{margin-top:24px}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:520px){.page{justify-content:flex-start;padding:24px 12px;gap:20px}.card{padding:28px 18px}.btn{padding:10px 12px}
.summary{grid-template-columns:1fr;gap:2px}.summary dd{margin-bottom:8px}
.table,.table tbody,.table tr,.table td{display:block;width:auto}
.table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.table tr{padding:10px 12px;border-bottom:1px solid var(--border)}.table tr:last-child{border-bottom:0}
.table td,.table tr:last-child td{padding:0;border:0}
.table-attributes td:first-child{width:auto;margin-bottom:2px;color:var(--muted);font-size:.875rem}
.table-groups td:nth-child(-n+2){display:inline;margin-right:6px;font-weight:600}.table-groups td:last-child{margin-top:2px;color:var(--muted);font-size:.875rem}}
`
  .replace(/\n/g, '')
  .trim();

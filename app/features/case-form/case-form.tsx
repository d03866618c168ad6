// The case study form used by /cases/new and /cases/:slug/edit. It posts as a
// plain form (works without JavaScript: sections fall back to textareas) and,
// with JavaScript, autosaves to /resources/case-drafts, keeps a copy in this
// browser when the network fails, and reports edits made in another tab.
import { getFormProps, getSelectProps, useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormErrors, TextareaField, TextField } from "~/components/forms.tsx";
import { RichTextField } from "~/editor/rich-text-field.tsx";
import { LOCALE_LABELS, LOCALES } from "~/i18n/config.ts";
import { ErrorSummary, type SummaryItem } from "./error-summary.tsx";
import { formatTimeWithZone } from "~/utils/format.ts";
import {
  CaseDraftSchema,
  LIMITS,
  REQUIRED_SECTIONS,
  SECTIONS,
  STAGES,
  type CaseContent,
  type SectionName,
} from "~/models/case-content.ts";

type CaseFormShape = z.input<typeof CaseDraftSchema>;

export interface CaseFormProps {
  caseId: string | null;
  clientKey: string;
  version: number;
  savedAt: string | null;
  published: boolean;
  content: CaseContent;
  /** Plain text of each section, for the no-JavaScript textareas. */
  sectionText: Record<SectionName, string>;
  topics: { slug: string; name: string }[];
  /** Bases an admin may choose from; null for everyone else. */
  baseChoices: { id: string; name: string }[] | null;
  /** The base the case will be published under, when fixed. */
  fixedBase: { name: string } | null;
  canPublish: boolean;
  lastResult?: SubmissionResult<string[]> | null;
  /** Sections rendered by the case page's renderer after "preview" (issue 12.10). */
  preview?: CasePreview | null;
  conflict?: { savedAt?: string } | null;
  /**
   * False when a moderator edits someone else's published case: only the author
   * has a draft (issue 10.5), so there is no autosave and no "save draft".
   */
  draftsAllowed?: boolean;
}

export interface CasePreview {
  title: string;
  summary: string;
  sections: { name: SectionName; html: string }[];
}

/** Where an invalid field's summary link points: its control, or its group for checkboxes and radios. */
export const sectionInputId = (s: SectionName) => `${s}-text`;
const TOPICS_GROUP_ID = "case-topics-group";
const STAGE_GROUP_ID = "case-stage-group";

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "offline" }
  | { kind: "invalid" }
  | { kind: "conflict"; at?: string };

const BACKUP_PREFIX = "bee:case-draft:";
const backupKey = (caseId: string | null) => `${BACKUP_PREFIX}${caseId ?? "new"}`;

interface Backup {
  values: Record<string, unknown>;
  at: string;
}

/** The form's current values as Conform default values (for restoring a backup). */
function formValues(form: HTMLFormElement): Record<string, unknown> {
  const fd = new FormData(form);
  const values: Record<string, unknown> = { topics: fd.getAll("topics") };
  const metrics: Record<string, string>[] = [];
  for (const [key, value] of fd.entries()) {
    if (typeof value !== "string" || key === "topics" || key === "intent") continue;
    const m = /^metrics\[(\d+)\]\.(\w+)$/.exec(key);
    if (m) {
      const row = (metrics[Number(m[1])] ??= {});
      row[m[2]!] = value;
    } else values[key] = value;
  }
  values.metrics = metrics.filter(Boolean);
  return values;
}

/** What an autosave posts: the form's fields with the draft's identity. */
function draftBody(form: HTMLFormElement, ids: { caseId: string | null; version: number }): FormData {
  const fd = new FormData(form);
  fd.set("intent", "autosave");
  fd.set("version", String(ids.version));
  if (ids.caseId) fd.set("caseId", ids.caseId);
  return fd;
}

/** Beijing time, labelled, as everywhere else (it was the browser's own zone, unlabelled: issue 12.12). */
function timeOf(iso: string, locale: string) {
  return formatTimeWithZone(iso, locale);
}

/**
 * The case as it would be published, rendered on the server by the case page's
 * own renderer (the sections' HTML comes from renderDocHtml). Focused when it
 * arrives, so keyboard and screen-reader users land on it.
 */
function PreviewPanel({ preview }: { preview: CasePreview }) {
  const { t } = useTranslation("cases");
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [preview]);
  return (
    <section ref={ref} className="case-preview" aria-labelledby="case-preview-title" tabIndex={-1}>
      <h2 id="case-preview-title">{t("writing:preview.title")}</h2>
      <p className="meta">{t("writing:preview.note")}</p>
      <article className="case-page">
        <h3 className="case-preview-heading">{preview.title || t("writing:preview.empty")}</h3>
        <p className="case-summary">{preview.summary}</p>
        {preview.sections.map((s) => (
          <section key={s.name} className="case-section">
            <h4>{t(`sections.${s.name}`)}</h4>
            <div className="rich-text" dangerouslySetInnerHTML={{ __html: s.html }} />
          </section>
        ))}
      </article>
    </section>
  );
}

export function CaseForm(props: CaseFormProps) {
  const { t, i18n } = useTranslation("cases");
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  const [ids, setIds] = useState({ caseId: props.caseId, version: props.version });
  const idsRef = useRef(ids);
  idsRef.current = ids;
  const [save, setSave] = useState<SaveState>(
    props.conflict
      ? { kind: "conflict", at: props.conflict.savedAt }
      : props.savedAt
        ? { kind: "saved", at: props.savedAt }
        : { kind: "idle" },
  );
  const [restore, setRestore] = useState<Backup | null>(null);
  const [defaults, setDefaults] = useState<DefaultValue<CaseFormShape>>(() => ({
    title: props.content.title,
    titleEn: props.content.titleEn,
    summary: props.content.summary,
    summaryEn: props.content.summaryEn,
    // A new case is written in the UI language unless the author says otherwise.
    contentLanguage: props.content.contentLanguage ?? (i18n.language === "en" ? "en" : "zh-CN"),
    baseId: props.content.baseId ?? "",
    topics: props.content.topics,
    stage: props.content.stage ?? "",
    periodStart: props.content.periodStart?.toString() ?? "",
    periodEnd: props.content.periodEnd?.toString() ?? "",
    metrics: props.content.metrics,
    ...(Object.fromEntries(
      SECTIONS.map((s) => [s, props.content.sections[s] ? JSON.stringify(props.content.sections[s]) : ""]),
    ) as Record<SectionName, string>),
  }));
  const [formKey, setFormKey] = useState(0);
  /** The pause after an edit before it is autosaved. */
  const timer = useRef<ReturnType<typeof setTimeout>>();
  /** An autosave request is on its way. */
  const saving = useRef(false);
  /** Edited while it was: save again when it lands. */
  const again = useRef(false);
  /** Edits the server has not been sent yet. */
  const unsent = useRef(false);
  const autosaveRef = useRef<() => Promise<void>>(async () => {});

  const [form, fields] = useForm<CaseFormShape, z.output<typeof CaseDraftSchema>>({
    id: `case-form-${formKey}`,
    lastResult: formKey === 0 ? props.lastResult : null,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CaseDraftSchema }),
    // Called by Conform's own submit handler only for a real submission that
    // passed validation — never for the blur validations it runs through the same
    // submit event. The form must not set its own onSubmit: that replaced
    // Conform's handler, so every blur was POSTed to the page and cancelled the
    // pending autosave (issue 10.7).
    onSubmit: () => {
      // A pending autosave would only race the submission.
      if (timer.current) clearTimeout(timer.current);
      timer.current = undefined;
      unsent.current = false;
    },
  });
  const metrics = fields.metrics.getFieldList();

  // The error summary: every invalid field, linked to it, in the form's order.
  const summaryRef = useRef<HTMLDivElement>(null);
  const summaryItems: SummaryItem[] = [];
  {
    const all = form.allErrors;
    const add = (name: string, targetId: string, label: string) => {
      const messages = all[name];
      if (messages?.length) summaryItems.push({ targetId, label, messages });
    };
    add(fields.title.name, fields.title.id, t("writing:fields.title"));
    add(fields.titleEn.name, fields.titleEn.id, t("form.titleEn"));
    add(fields.summary.name, fields.summary.id, t("writing:fields.summary"));
    add(fields.summaryEn.name, fields.summaryEn.id, t("form.summaryEn"));
    add(fields.baseId.name, fields.baseId.id, t("writing:fields.baseId"));
    add(fields.topics.name, TOPICS_GROUP_ID, t("writing:fields.topics"));
    add(fields.stage.name, STAGE_GROUP_ID, t("writing:fields.stage"));
    add(fields.periodStart.name, fields.periodStart.id, t("writing:fields.periodStart"));
    add(fields.periodEnd.name, fields.periodEnd.id, t("writing:fields.periodEnd"));
    add(fields.metrics.name, fields.metrics.id, t("writing:fields.metrics"));
    metrics.forEach((row, index) => {
      const m = row.getFieldset();
      for (const [key, field] of Object.entries(m)) {
        add(
          field.name,
          field.id,
          `${t("form.metricRow", { n: index + 1 })} · ${t(`form.metric${key[0]!.toUpperCase()}${key.slice(1)}`)}`,
        );
      }
    });
    for (const s of SECTIONS) add(fields[s].name, sectionInputId(s), t(`sections.${s}`));
  }
  const hasSummary = summaryItems.length > 0;

  // "Add metric" puts focus in the new row's first field (issue 12.6), not left on the button.
  const focusNewMetric = useRef(false);
  const lastMetricLabelId = metrics.length ? metrics[metrics.length - 1]!.getFieldset().label.id : null;
  useEffect(() => {
    if (!focusNewMetric.current || !lastMetricLabelId) return;
    focusNewMetric.current = false;
    document.getElementById(lastMetricLabelId)?.focus();
  }, [lastMetricLabelId]);
  // After a failed submission, focus goes to the summary: from the server's
  // answer (required sections are only checked there), or from the browser's own
  // validation, which Conform reports during the submit event (it focuses the first
  // invalid control first; the summary is then focused over it).
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (props.lastResult?.status === "error") summaryRef.current?.focus();
  }, [props.lastResult]);
  useEffect(() => {
    if (!attempt) return;
    const timer = setTimeout(() => summaryRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, [attempt, hasSummary]);

  // Offer back a copy kept in this browser when it is newer than the server's.
  useEffect(() => {
    try {
      const raw = localStorage.getItem(backupKey(props.caseId));
      if (!raw) return;
      const backup = JSON.parse(raw) as Backup;
      if (!props.savedAt || backup.at > props.savedAt) setRestore(backup);
      else localStorage.removeItem(backupKey(props.caseId));
    } catch {
      /* storage unavailable: nothing to offer */
    }
  }, [props.caseId, props.savedAt]);

  const writeBackup = useCallback(() => {
    if (!formRef.current) return;
    try {
      const backup: Backup = { values: formValues(formRef.current), at: new Date().toISOString() };
      localStorage.setItem(backupKey(idsRef.current.caseId), JSON.stringify(backup));
    } catch {
      /* storage full or disabled */
    }
  }, []);

  const autosave = useCallback(async () => {
    if (!formRef.current) return;
    if (saving.current) {
      // An edit made while the previous save is on its way: saved when it lands.
      again.current = true;
      return;
    }
    saving.current = true;
    unsent.current = false;
    setSave({ kind: "saving" });
    try {
      const res = await fetch("/resources/case-drafts", {
        method: "POST",
        body: draftBody(formRef.current, idsRef.current),
        headers: { Accept: "application/json" },
      });
      const body = (await res.json().catch(() => ({}))) as {
        caseId?: string;
        slug?: string;
        version?: number;
        savedAt?: string;
      };
      if (res.status === 409) {
        setSave({ kind: "conflict", at: body.savedAt });
      } else if (res.ok && body.caseId && body.version && body.savedAt) {
        const wasNew = !idsRef.current.caseId;
        setIds({ caseId: body.caseId, version: body.version });
        idsRef.current = { caseId: body.caseId, version: body.version };
        // The new draft now has its own page: a reload or a bookmark reopens it
        // (without remounting this form, so typing and IME composition go on).
        if (wasNew && body.slug && window.location.pathname === "/cases/new") {
          window.history.replaceState(window.history.state, "", `/cases/${body.slug}/edit`);
        }
        setSave({ kind: "saved", at: body.savedAt });
        try {
          localStorage.removeItem(backupKey(wasNew ? null : body.caseId));
        } catch {
          /* ignore */
        }
      } else {
        setSave({ kind: res.status === 400 ? "invalid" : "offline" });
      }
    } catch {
      setSave({ kind: "offline" });
      // Tried again on the next edit, or when the page is left.
      unsent.current = true;
    } finally {
      saving.current = false;
      if (again.current) {
        again.current = false;
        void autosaveRef.current();
      }
    }
  }, []);
  autosaveRef.current = autosave;

  const draftsAllowed = props.draftsAllowed ?? true;
  const conflicted = save.kind === "conflict";
  const onEdited = useCallback(() => {
    writeBackup();
    if (!draftsAllowed || conflicted) return;
    unsent.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void autosave();
    }, 1500);
  }, [autosave, writeBackup, conflicted, draftsAllowed]);

  // Leaving the page (closing the tab, navigating away, the phone switching apps)
  // before the pause that triggers an autosave: the edits still go to the server,
  // in a request the browser finishes after the page is gone.
  useEffect(() => {
    const flush = () => {
      if (!unsent.current || !formRef.current || conflicted) return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = undefined;
      unsent.current = false;
      try {
        void fetch("/resources/case-drafts", {
          method: "POST",
          body: draftBody(formRef.current, idsRef.current),
          headers: { Accept: "application/json" },
          keepalive: true,
        }).catch(() => {});
      } catch {
        /* a body over the keepalive limit (64 KB): this browser's copy keeps it */
      }
    };
    const onHidden = () => {
      if (document.visibilityState === "hidden") flush();
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onHidden);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onHidden);
    };
  }, [conflicted]);

  useEffect(() => () => timer.current && clearTimeout(timer.current), []);

  const restoreBackup = () => {
    if (!restore) return;
    setDefaults(restore.values as DefaultValue<CaseFormShape>);
    setFormKey((k) => k + 1);
    setRestore(null);
  };
  const dropBackup = () => {
    try {
      localStorage.removeItem(backupKey(props.caseId));
    } catch {
      /* ignore */
    }
    setRestore(null);
  };

  const action = ids.caseId ? undefined : "/cases/new";
  const sectionValue = (s: SectionName) => {
    const v = (defaults as Record<string, unknown> | undefined)?.[s];
    return typeof v === "string" ? v : "";
  };

  return (
    <Form
      method="post"
      action={action}
      {...getFormProps(form)}
      ref={formRef}
      key={formKey}
      onChange={onEdited}
      className="case-form"
      aria-describedby="case-save-status"
    >
      <input type="hidden" name="version" value={ids.version} />
      <input type="hidden" name="clientKey" value={props.clientKey} />
      {ids.caseId ? <input type="hidden" name="caseId" value={ids.caseId} /> : null}

      <p id="case-save-status" className="meta save-status" role="status" aria-live="polite">
        {save.kind === "saving" ? t("form.saving") : null}
        {save.kind === "saved" ? t("form.savedAt", { time: timeOf(save.at, i18n.language) }) : null}
        {save.kind === "offline" ? t("form.offline") : null}
        {save.kind === "invalid" ? t("form.notSavedInvalid") : null}
      </p>
      {save.kind === "conflict" ? (
        <div className="warning" role="alert">
          {t("form.conflict", { time: save.at ? timeOf(save.at, i18n.language) : "" })}{" "}
          <button type="button" className="link-button" onClick={() => window.location.reload()}>
            {t("form.reload")}
          </button>
        </div>
      ) : null}
      {restore ? (
        <div className="warning" role="alert">
          <p>{t("form.backupFound", { time: timeOf(restore.at, i18n.language) })}</p>
          <div className="actions">
            <button type="button" onClick={restoreBackup}>
              {t("form.backupRestore")}
            </button>
            <button type="button" className="button-secondary" onClick={dropBackup}>
              {t("form.backupDiscard")}
            </button>
          </div>
        </div>
      ) : null}
      <FormErrors errors={form.errors} />
      <ErrorSummary ref={summaryRef} items={summaryItems} />

      <fieldset>
        <legend>{t("form.basics")}</legend>
        <fieldset className="field" aria-describedby={`${fields.contentLanguage.id}-hint`}>
          <legend>{t("language:form.contentLanguage")}</legend>
          <p id={`${fields.contentLanguage.id}-hint`} className="field-hint">
            {t("language:form.contentLanguageHint")}
          </p>
          {LOCALES.map((l) => (
            <label key={l} className="checkbox">
              <input
                type="radio"
                name={fields.contentLanguage.name}
                value={l}
                defaultChecked={fields.contentLanguage.initialValue === l}
              />{" "}
              <span lang={l}>{LOCALE_LABELS[l]}</span>
            </label>
          ))}
          <ErrorList id={fields.contentLanguage.errorId} errors={fields.contentLanguage.errors} />
        </fieldset>
        <TextField field={fields.title} label={t("form.title")} maxLength={LIMITS.title} required />
        <TextField
          field={fields.titleEn}
          label={t("form.titleEn")}
          maxLength={LIMITS.title}
          hint={t("form.titleEnHint")}
          lang="en"
        />
        <TextareaField
          field={fields.summary}
          label={t("form.summary")}
          maxLength={LIMITS.summary}
          required
          hint={t("form.summaryHint", { max: LIMITS.summary })}
          rows={3}
        />
        <TextareaField
          field={fields.summaryEn}
          label={t("form.summaryEn")}
          maxLength={LIMITS.summary}
          lang="en"
          rows={3}
        />

        {props.baseChoices ? (
          <div className="field">
            <label htmlFor={fields.baseId.id}>{t("form.base")}</label>
            <select {...getSelectProps(fields.baseId)} key={fields.baseId.key}>
              <option value="">{t("form.baseChoose")}</option>
              {props.baseChoices.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <ErrorList id={fields.baseId.errorId} errors={fields.baseId.errors} />
          </div>
        ) : (
          <p className="meta">{props.fixedBase ? t("form.publishedUnder", { base: props.fixedBase.name }) : null}</p>
        )}

        <fieldset
          id={TOPICS_GROUP_ID}
          tabIndex={-1}
          className="field checkbox-group"
          aria-invalid={fields.topics.errors?.length ? true : undefined}
          aria-describedby={[`${fields.topics.id}-hint`, fields.topics.errors?.length ? fields.topics.errorId : null]
            .filter(Boolean)
            .join(" ")}
        >
          <legend>{t("form.topics")}</legend>
          <p id={`${fields.topics.id}-hint`} className="field-hint">
            {t("form.topicsHint", { min: LIMITS.topicsMin, max: LIMITS.topicsMax })}
          </p>
          {props.topics.map((topic) => (
            <label key={topic.slug} className="checkbox">
              <input
                type="checkbox"
                name={fields.topics.name}
                value={topic.slug}
                defaultChecked={[fields.topics.initialValue ?? []].flat().includes(topic.slug)}
              />{" "}
              {topic.name}
            </label>
          ))}
          <ErrorList id={fields.topics.errorId} errors={fields.topics.errors} />
        </fieldset>

        <fieldset
          id={STAGE_GROUP_ID}
          tabIndex={-1}
          className="field"
          aria-invalid={fields.stage.errors?.length ? true : undefined}
          aria-describedby={fields.stage.errors?.length ? fields.stage.errorId : undefined}
        >
          <legend>{t("form.stage")}</legend>
          {STAGES.map((s) => (
            <label key={s} className="checkbox">
              <input type="radio" name={fields.stage.name} value={s} defaultChecked={fields.stage.initialValue === s} />{" "}
              {t(`stages.${s}`)}
            </label>
          ))}
          <ErrorList id={fields.stage.errorId} errors={fields.stage.errors} />
        </fieldset>

        <div className="field-row">
          <TextField field={fields.periodStart} label={t("form.periodStart")} type="number" />
          <TextField
            field={fields.periodEnd}
            label={t("form.periodEnd")}
            type="number"
            hint={t("form.periodEndHint")}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("form.metrics")}</legend>
        <p className="field-hint">{t("form.metricsHint", { max: LIMITS.metricRows })}</p>
        <ErrorList id={fields.metrics.errorId} errors={fields.metrics.errors} />
        {metrics.map((row, index) => {
          const m = row.getFieldset();
          return (
            <div key={row.key} className="metric-row" role="group" aria-label={t("form.metricRow", { n: index + 1 })}>
              <TextField field={m.label} label={t("form.metricLabel")} maxLength={LIMITS.metricLabel} />
              <TextField field={m.before} label={t("form.metricBefore")} maxLength={LIMITS.metricValue} />
              <TextField field={m.after} label={t("form.metricAfter")} maxLength={LIMITS.metricValue} />
              <TextField field={m.unit} label={t("form.metricUnit")} maxLength={LIMITS.metricUnit} />
              <TextField field={m.source} label={t("form.metricSource")} maxLength={LIMITS.metricSource} />
              <button
                {...form.remove.getButtonProps({ name: fields.metrics.name, index })}
                className="button-secondary button-small"
                // As for "add": a blur error above must not move the button mid-click.
                onMouseDown={(e) => e.preventDefault()}
              >
                {t("form.metricRemove")}
              </button>
            </div>
          );
        })}
        {metrics.length < LIMITS.metricRows ? (
          <button
            {...form.insert.getButtonProps({ name: fields.metrics.name })}
            className="button-secondary button-small"
            // Keeps focus where it is on mouse down: otherwise the field being left is
            // validated on blur, its error message pushes this button down between
            // mouse down and mouse up, and the click never happens.
            onMouseDown={(e) => e.preventDefault()}
            onClickCapture={() => {
              focusNewMetric.current = true;
            }}
          >
            {t("form.metricAdd")}
          </button>
        ) : null}
      </fieldset>

      {SECTIONS.map((s) => {
        const field = fields[s];
        const label = t(`sections.${s}`);
        const required = REQUIRED_SECTIONS.includes(s);
        return (
          <div key={s} className="field section-field">
            <RichTextField
              name={s}
              id={sectionInputId(s)}
              kind="case"
              label={label}
              required={required}
              initialDoc={sectionValue(s) ? JSON.parse(sectionValue(s)) : null}
              placeholder={t(`placeholders.${s}`)}
              maxChars={LIMITS.sectionChars}
              onChange={onEdited}
              describedBy={field.errors?.length ? field.errorId : undefined}
              invalid={Boolean(field.errors?.length)}
              fallback={
                <>
                  <label htmlFor={sectionInputId(s)}>
                    {label} {required ? <span className="meta">({t("common:form.required")})</span> : null}
                  </label>
                  <p className="field-hint">{t(`placeholders.${s}`)}</p>
                  <textarea
                    id={sectionInputId(s)}
                    aria-required={required || undefined}
                    aria-invalid={field.errors?.length ? true : undefined}
                    aria-describedby={field.errors?.length ? field.errorId : undefined}
                    name={`${s}Text`}
                    defaultValue={props.sectionText[s]}
                    rows={6}
                    maxLength={LIMITS.sectionChars}
                  />
                  {/* The stored document, so saving without JavaScript keeps the formatting of untouched sections. */}
                  <input type="hidden" name={s} value={sectionValue(s)} readOnly />
                </>
              }
            />
            <ErrorList id={field.errorId} errors={field.errors} />
          </div>
        );
      })}

      {props.preview ? <PreviewPanel preview={props.preview} /> : null}

      {props.published ? (
        <div className="field">
          <label htmlFor="revision-note">
            {t("form.revisionNote")} <span className="meta">({t("common:form.optional")})</span>
          </label>
          <input id="revision-note" name="note" maxLength={LIMITS.revisionNote} />
        </div>
      ) : null}

      {!props.canPublish ? (
        <div className="notice">
          {t("form.cannotPublish")} <Link to="/affiliation">{t("form.getVerified")}</Link>
        </div>
      ) : null}

      <div className="actions sticky-actions">
        {draftsAllowed ? (
          <button
            type="submit"
            name="intent"
            value="save"
            className="button-secondary"
            disabled={submitting}
            onClick={() => setAttempt((n) => n + 1)}
          >
            {t("form.saveDraft")}
          </button>
        ) : null}
        <button
          type="submit"
          name="intent"
          value="preview"
          className="button-secondary"
          disabled={submitting}
          onClick={() => setAttempt((n) => n + 1)}
        >
          {t("writing:preview.button")}
        </button>
        {props.canPublish ? (
          <button
            type="submit"
            name="intent"
            value="publish"
            disabled={submitting}
            onClick={() => setAttempt((n) => n + 1)}
          >
            {props.published ? t("form.publishUpdate") : t("form.publish")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

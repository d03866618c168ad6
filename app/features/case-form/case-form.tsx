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
import { formatTimeWithZone } from "~/utils/format.ts";
import {
  CaseDraftSchema,
  LIMITS,
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
  conflict?: { savedAt?: string } | null;
  /**
   * False when a moderator edits someone else's published case: only the author
   * has a draft (issue 10.5), so there is no autosave and no "save draft".
   */
  draftsAllowed?: boolean;
}

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

/** Beijing time, labelled, as everywhere else (it was the browser's own zone, unlabelled: issue 12.12). */
function timeOf(iso: string, locale: string) {
  return formatTimeWithZone(iso, locale);
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

  const [form, fields] = useForm<CaseFormShape, z.output<typeof CaseDraftSchema>>({
    id: `case-form-${formKey}`,
    lastResult: formKey === 0 ? props.lastResult : null,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CaseDraftSchema }),
  });
  const metrics = fields.metrics.getFieldList();

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

  const timer = useRef<ReturnType<typeof setTimeout>>();
  const saving = useRef(false);
  const autosave = useCallback(async () => {
    if (!formRef.current || saving.current) return;
    saving.current = true;
    setSave({ kind: "saving" });
    const fd = new FormData(formRef.current);
    fd.set("intent", "autosave");
    fd.set("version", String(idsRef.current.version));
    if (idsRef.current.caseId) fd.set("caseId", idsRef.current.caseId);
    try {
      const res = await fetch("/resources/case-drafts", {
        method: "POST",
        body: fd,
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
    } finally {
      saving.current = false;
    }
  }, []);

  const draftsAllowed = props.draftsAllowed ?? true;
  const onEdited = useCallback(() => {
    writeBackup();
    if (!draftsAllowed) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (save.kind !== "conflict") void autosave();
    }, 1500);
  }, [autosave, writeBackup, save.kind, draftsAllowed]);

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
      onSubmit={() => {
        // A pending autosave would only race the submission.
        if (timer.current) clearTimeout(timer.current);
      }}
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

        <fieldset className="field checkbox-group" aria-describedby={`${fields.topics.id}-hint`}>
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

        <fieldset className="field">
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
          >
            {t("form.metricAdd")}
          </button>
        ) : null}
      </fieldset>

      {SECTIONS.map((s) => {
        const field = fields[s];
        const label = t(`sections.${s}`);
        return (
          <div key={s} className="field section-field">
            <RichTextField
              name={s}
              kind="case"
              label={label}
              initialDoc={sectionValue(s) ? JSON.parse(sectionValue(s)) : null}
              placeholder={t(`placeholders.${s}`)}
              maxChars={LIMITS.sectionChars}
              onChange={onEdited}
              describedBy={field.errors?.length ? field.errorId : undefined}
              invalid={Boolean(field.errors?.length)}
              fallback={
                <>
                  <label htmlFor={`${s}-text`}>{label}</label>
                  <p className="field-hint">{t(`placeholders.${s}`)}</p>
                  <textarea
                    id={`${s}-text`}
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
          <button type="submit" name="intent" value="save" className="button-secondary" disabled={submitting}>
            {t("form.saveDraft")}
          </button>
        ) : null}
        {props.canPublish ? (
          <button type="submit" name="intent" value="publish" disabled={submitting}>
            {props.published ? t("form.publishUpdate") : t("form.publish")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}

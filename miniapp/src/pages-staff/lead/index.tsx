/**
 * Staff subpackage: 合伙人报备. A partner brings a friend to the store before the
 * friend has registered: the clerk records the partner's invite code, the
 * friend's mobile and what they are interested in (POST
 * /api/staff/referrals/leads). When that phone is bound by a new member within
 * the chain's protection days, the friend is attributed to the partner. The
 * result card shows the masked phone and until when the lead is protected.
 */
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { ResponseOf } from '@homeclub/shared';
import { isApiError } from '../../services/api';
import {
  LEAD_FIELD_MESSAGES,
  normalizeInviteCode,
  submitLead,
  validateLead,
  type LeadErrors,
  type LeadField,
  type LeadForm,
} from '../../services/referrals';
import { formatDateTime } from '../../services/membership';
import './index.css';
import '../styles.css';

type Lead = ResponseOf<'staffReferralLead'>;

const INTENTS = ['全屋定制', '沙发软装', '厨房电器', '卫浴', '灯具'];

/** Server field errors (`body.phone` …) onto the form's fields. */
function serverFieldErrors(err: unknown): LeadErrors {
  const errors: LeadErrors = {};
  if (!isApiError(err)) return errors;
  if (err.code === 'REFERRAL_CODE_UNKNOWN') errors.partnerCode = err.message;
  for (const f of err.fields ?? []) {
    const field = f.path.replace(/^body\./, '') as LeadField;
    if (Object.prototype.hasOwnProperty.call(LEAD_FIELD_MESSAGES, field)) errors[field] = LEAD_FIELD_MESSAGES[field];
  }
  return errors;
}

const EMPTY: LeadForm = { partnerCode: '', phone: '', intent: '' };

export default function StaffLeadPage() {
  const [form, setForm] = useState<LeadForm>(EMPTY);
  const [errors, setErrors] = useState<LeadErrors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [lead, setLead] = useState<Lead | null>(null);

  const set = (field: LeadField, value: string) => {
    setForm((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const submit = async () => {
    if (busy) return;
    const found = validateLead(form);
    setErrors(found);
    setAlert(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await submitLead({
        partnerCode: normalizeInviteCode(form.partnerCode)!,
        phone: form.phone.trim(),
        intent: form.intent.trim(),
      });
      setLead(created);
    } catch (err) {
      const fieldErrors = serverFieldErrors(err);
      setErrors(fieldErrors);
      if (Object.keys(fieldErrors).length === 0) setAlert(err instanceof Error && err.message ? err.message : '报备失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  if (lead) {
    return (
      <View className='page page--staff'>
        <View className='card lead-result' id='lead-result'>
          <Text className='lead-result__title'>报备成功</Text>
          <View className='lead-result__line'>
            <Text className='lead-result__label'>合伙人</Text>
            <Text id='lead-result-code'>{lead.partnerCode}</Text>
          </View>
          <View className='lead-result__line'>
            <Text className='lead-result__label'>顾客手机</Text>
            <Text id='lead-result-phone'>{lead.phoneMasked}</Text>
          </View>
          <View className='lead-result__line'>
            <Text className='lead-result__label'>意向</Text>
            <Text>{lead.intent}</Text>
          </View>
          <View className='lead-result__line'>
            <Text className='lead-result__label'>保护期至</Text>
            <Text id='lead-result-expires'>{formatDateTime(lead.expiresAt)}</Text>
          </View>
          <Text className='lead-result__hint'>顾客在保护期内注册并绑定该手机号，即计入该合伙人的邀请。</Text>
        </View>
        <Button
          id='lead-again'
          className='btn btn--primary btn--block'
          onClick={() => {
            setLead(null);
            setForm(EMPTY);
          }}
        >
          继续报备
        </Button>
      </View>
    );
  }

  return (
    <View className='page page--staff'>
      <View className='notice notice--muted lead-intro'>
        <Text>合伙人带朋友到店、朋友尚未注册会员时，登记朋友的手机号，保护合伙人的邀请关系。</Text>
      </View>
      <View className='card lead-form' id='lead-form'>
        {alert ? (
          <View className='form-alert' id='lead-error'>
            <Text>{alert}</Text>
          </View>
        ) : null}
        <View className='form-row'>
          <Text className='form-row__label'>邀请码</Text>
          <Input
            id='lead-partner-code'
            className='input form-row__input'
            maxlength={8}
            placeholder='合伙人的邀请码'
            value={form.partnerCode}
            onInput={(e) => set('partnerCode', e.detail.value.toUpperCase())}
          />
        </View>
        {errors.partnerCode ? (
          <Text className='form-error' id='lead-partner-code-error'>
            {errors.partnerCode}
          </Text>
        ) : null}
        <View className='form-row'>
          <Text className='form-row__label'>顾客手机</Text>
          <Input
            id='lead-phone'
            className='input form-row__input'
            type='number'
            maxlength={11}
            placeholder='11 位手机号'
            value={form.phone}
            onInput={(e) => set('phone', e.detail.value.trim())}
          />
        </View>
        {errors.phone ? (
          <Text className='form-error' id='lead-phone-error'>
            {errors.phone}
          </Text>
        ) : null}
        <View className='form-row'>
          <Text className='form-row__label'>意向</Text>
          <Input
            id='lead-intent'
            className='input form-row__input'
            maxlength={100}
            placeholder='如：全屋定制，三居室'
            value={form.intent}
            onInput={(e) => set('intent', e.detail.value)}
          />
        </View>
        {errors.intent ? (
          <Text className='form-error' id='lead-intent-error'>
            {errors.intent}
          </Text>
        ) : null}
        <View className='lead-intents'>
          {INTENTS.map((intent, i) => (
            <Text key={intent} id={`lead-intent-${i}`} className='chip' onClick={() => set('intent', intent)}>
              {intent}
            </Text>
          ))}
        </View>
      </View>
      <Button id='lead-submit' className='btn btn--primary btn--block' loading={busy} disabled={busy} onClick={() => void submit()}>
        提交报备
      </Button>
    </View>
  );
}

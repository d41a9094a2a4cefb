/** 门店详情: basic info, hours and photos, booking services, POS keys (admins) and the store's 修改记录. */
import { useState } from 'react';
import { App, Button, Card, Form, Tabs } from 'antd';
import { useParams } from 'react-router-dom';
import type { BodyOf, ConsoleStoreDetail } from '@homeclub/shared';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { applyFieldErrors } from '../../components/form-errors';
import { showConflict } from '../../components/conflict';
import { ObjectAuditButton } from '../../components/ObjectAudit';
import { useSession } from '../../session';
import { StoreBasicFields } from './StoreBasicFields';
import { ProfileForm } from './ProfileForm';
import { ServicesPanel } from './ServicesPanel';
import { PosKeys } from './PosKeys';

function BasicForm({ detail, onSaved, readOnly }: { detail: ConsoleStoreDetail; onSaved: () => void; readOnly: boolean }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const { code: _code, id: _id, ...initial } = detail.store;
  async function save(v: BodyOf<'consoleUpdateStore'>) {
    setSaving(true);
    try {
      await call('consoleUpdateStore', { params: { storeId: detail.store.id }, body: { ...v, baseRevision: detail.revision } });
      message.success('门店信息已保存');
      onSaved();
    } catch (err) {
      if (showConflict(modal, err, onSaved)) return;
      const rest = applyFieldErrors(form, err);
      if (rest) message.error(rest);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 560 }} initialValues={{ ...initial, active: detail.active }} onFinish={save} disabled={readOnly}>
      <StoreBasicFields creating={false} />
      <Button type="primary" htmlType="submit" loading={saving} data-testid="store-save">
        保存
      </Button>
    </Form>
  );
}

export function StorePage() {
  const { storeId = '' } = useParams();
  const { user } = useSession();
  const state = useApi((signal) => call('consoleStore', { params: { storeId }, signal }), [storeId]);
  return (
    <Loadable state={state}>
      {(d) => (
        <Card title={`${d.store.name}（${d.store.code}）`} extra={<ObjectAuditButton subject={`store:${d.store.id}`} />}>
          <Tabs
            items={[
              { key: 'basic', label: '基本信息', children: <BasicForm detail={d} onSaved={state.reload} readOnly={user.role !== 'admin'} /> },
              { key: 'profile', label: '营业时间与照片', children: <ProfileForm key={JSON.stringify(d.hours)} detail={d} onSaved={state.reload} /> },
              { key: 'services', label: '预约服务', children: <ServicesPanel detail={d} onSaved={state.reload} /> },
              ...(user.role === 'admin' ? [{ key: 'pos', label: '收银系统密钥', children: <PosKeys storeId={d.store.id} storeName={d.store.name} /> }] : []),
            ]}
          />
        </Card>
      )}
    </Loadable>
  );
}

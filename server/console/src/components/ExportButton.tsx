/**
 * 导出 CSV: streams GET /api/console/exports/:kind, shows progress (rows read of
 * the server's estimate), then saves the file. Errors show the stable code's message.
 */
import { useState } from 'react';
import { Button, Modal, Progress, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ConsoleExportKind } from '@homeclub/shared';
import { buildUrl, messageOf, toApiError } from '../api/client';

export function ExportButton({ kind, storeId, label = '导出 CSV' }: { kind: ConsoleExportKind; storeId?: string; label?: string }) {
  const [progress, setProgress] = useState<number | null>(null);
  const run = async () => {
    setProgress(0);
    try {
      const res = await fetch(buildUrl('consoleExport', { kind }, { storeId }), { credentials: 'same-origin' });
      if (!res.ok || !res.body) throw await toApiError(res);
      const estimate = Math.max(1, Number(res.headers.get('X-Export-Estimate') ?? '1'));
      const reader = res.body.getReader();
      const chunks: BlobPart[] = [];
      let rows = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const b of value) if (b === 10) rows++;
        setProgress(Math.min(99, Math.round(((rows - 1) / estimate) * 100)));
      }
      setProgress(100);
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `${kind}.csv`;
      const url = URL.createObjectURL(new Blob(chunks, { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
      void message.success(`已导出 ${Math.max(0, rows - 1)} 行`);
    } catch (err) {
      void message.error(messageOf(err));
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={() => void run()} loading={progress !== null} data-testid={`export-${kind}`}>
        {label}
      </Button>
      <Modal open={progress !== null} footer={null} closable={false} title="正在导出">
        <Progress percent={progress ?? 0} data-testid="export-progress" />
      </Modal>
    </>
  );
}

/** Photo list for a form field: uploads each file (raw body) to /api/console/images and keeps the URLs. */
import { App, Image, Space, Upload, Button } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { IMAGE_MAX_BYTES, IMAGE_TYPES, type ImageUploadResponse } from '@homeclub/shared';
import { buildUrl, toApiError, writeHeaders, messageOf } from '../../api/client';

/** Uploads one image; the server checks type by magic bytes and size again. */
export async function uploadImage(file: File): Promise<ImageUploadResponse> {
  const res = await fetch(buildUrl('consoleUploadImage'), { method: 'POST', headers: { ...writeHeaders(), 'Content-Type': file.type }, body: file, credentials: 'same-origin' });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImageUploadResponse;
}

export function PhotoUpload({ value = [], onChange, max = 10 }: { value?: string[]; onChange?: (v: string[]) => void; max?: number }) {
  const { message } = App.useApp();
  return (
    <Space direction="vertical">
      <Space wrap>
        {value.map((url) => (
          <Space key={url} direction="vertical" size={2} align="center">
            <Image src={url} width={96} height={72} style={{ objectFit: 'cover' }} />
            <Button size="small" type="link" danger icon={<DeleteOutlined />} onClick={() => onChange?.(value.filter((u) => u !== url))}>
              移除
            </Button>
          </Space>
        ))}
      </Space>
      {value.length < max && (
        <Upload
          accept={IMAGE_TYPES.join(',')}
          showUploadList={false}
          beforeUpload={(file) => {
            if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
              message.error('只支持 JPEG、PNG 或 WebP 图片');
              return Upload.LIST_IGNORE;
            }
            if (file.size > IMAGE_MAX_BYTES) {
              message.error('图片不能超过 2 MB');
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) => {
            uploadImage(file as File).then(
              (r) => {
                onChange?.([...value, r.url]);
                onSuccess?.(r);
              },
              (e: unknown) => {
                message.error(messageOf(e));
                onError?.(e as Error);
              },
            );
          }}
        >
          <Button icon={<UploadOutlined />} data-testid="photo-upload">
            上传图片
          </Button>
        </Upload>
      )}
    </Space>
  );
}

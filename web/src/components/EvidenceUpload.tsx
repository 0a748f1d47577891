import { Alert, Flex, Typography, Upload, type UploadFile, type UploadProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { type Evidence, uploadEvidence } from '../api/evidence.ts';

/** The files of one form: what is uploaded (ids to send), what is still uploading, what failed. */
export interface EvidenceFiles {
  files: UploadFile<Evidence>[];
  setFiles: (files: UploadFile<Evidence>[]) => void;
  ids: string[];
  uploading: boolean;
  reset: () => void;
}

/** The form's files; `initial` are files already stored (e.g. an earlier request's, to carry over). */
export function useEvidenceFiles(initial: UploadFile<Evidence>[] = []): EvidenceFiles {
  const [files, setFiles] = useState<UploadFile<Evidence>[]>(initial);
  const ids = files.flatMap((file) =>
    file.status === 'done' && file.response ? [file.response.evidenceId] : [],
  );
  const uploading = files.some((file) => file.status === 'uploading');
  return { files, setFiles, ids, uploading, reset: () => setFiles([]) };
}

interface Props {
  files: EvidenceFiles;
  /** Where a file goes; by default the case-less upload whose id the form then sends. */
  upload?: (file: File) => Promise<Evidence>;
  /** Called with each stored file (e.g. to refresh a case the file was added to). */
  onUploaded?: (evidence: Evidence) => void;
  testId?: string;
  maxCount?: number;
}

const accept = 'image/png,image/jpeg,image/webp,video/mp4,video/webm,.zip';

/**
 * 上传凭证: screenshots, a screen recording or a zip of them. Each file goes to the server as soon as
 * it is picked (the server checks its type from the bytes, its size, and an archive's contents); a
 * refused file stays in the list, marked, with the server's reason below.
 */
export function EvidenceUpload({
  files,
  upload = uploadEvidence,
  onUploaded,
  testId = 'evidence-upload',
  maxCount = 9,
}: Props) {
  const { t } = useTranslation();
  const customRequest: UploadProps<Evidence>['customRequest'] = ({ file, onSuccess, onError }) => {
    upload(file as File).then(
      (evidence) => {
        onSuccess?.(evidence);
        onUploaded?.(evidence);
      },
      (error: Error) => onError?.(error),
    );
  };
  const onChange: UploadProps<Evidence>['onChange'] = ({ fileList }) =>
    files.setFiles(
      fileList.map((file) =>
        file.response
          ? { ...file, url: file.response.url, thumbUrl: file.response.thumbUrl ?? file.thumbUrl }
          : file,
      ),
    );
  const failed = files.files.filter((file) => file.status === 'error');

  return (
    <Flex
      vertical
      gap={8}
      data-testid={testId}
      data-uploaded={files.ids.length}
      data-uploading={String(files.uploading)}
    >
      <Upload<Evidence>
        listType="picture-card"
        // The trigger is a plain "+ 上传" tile, not a button: without this antd leaves it out of the tab
        // order (it assumes a control inside), so a keyboard could not reach the upload.
        hasControlInside={false}
        multiple
        accept={accept}
        maxCount={maxCount}
        fileList={files.files}
        customRequest={customRequest}
        onChange={onChange}
        onPreview={(file) => file.url && window.open(file.url, '_blank', 'noopener')}
      >
        {files.files.length < maxCount && (
          <Flex vertical align="center" gap={4} data-testid={`${testId}-button`}>
            <Typography.Text style={{ fontSize: 22, lineHeight: 1 }}>+</Typography.Text>
            <Typography.Text>{t('evidence.add')}</Typography.Text>
          </Flex>
        )}
      </Upload>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('evidence.hint')}
      </Typography.Text>
      {failed.map((file) => (
        <Alert
          key={file.uid}
          type="error"
          showIcon
          data-testid="evidence-upload-error"
          data-code={file.error instanceof ApiError ? file.error.code : 'UNKNOWN'}
          title={t('evidence.failed', {
            name: file.name,
            message: file.error instanceof Error ? file.error.message : '',
          })}
        />
      ))}
    </Flex>
  );
}

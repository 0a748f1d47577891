import { Card, Flex, Image, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Evidence, formatBytes } from '../api/evidence.ts';

/** A video or archive: no picture to show, so its name, size and a link to the file. */
function FileTile({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ width: 200 }} data-testid="evidence-file" data-kind={evidence.kind}>
      <Flex vertical gap={4}>
        <Tag color={evidence.kind === 'video' ? 'purple' : 'gold'} style={{ width: 'fit-content' }}>
          {t(`evidence.kind.${evidence.kind}`)}
        </Tag>
        <Typography.Link href={evidence.url} target="_blank" rel="noopener" ellipsis>
          {evidence.fileName}
        </Typography.Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatBytes(evidence.sizeBytes)}
        </Typography.Text>
        <Uploader evidence={evidence} />
      </Flex>
    </Card>
  );
}

/** Who added the file (buyer, merchant…), when the case lists it. */
function Uploader({ evidence }: { evidence: Evidence }) {
  const { t } = useTranslation();
  const role = evidence.uploadedByRole;
  if (!role) return null;
  return (
    <Typography.Text
      type="secondary"
      style={{ fontSize: 12 }}
      data-testid="evidence-uploader"
      data-role={role}
    >
      {t(`roles.${role}` as 'roles.buyer', { defaultValue: role })}
    </Typography.Text>
  );
}

function Picture({ evidence }: { evidence: Evidence }) {
  return (
    <Flex
      vertical
      gap={2}
      style={{ width: 104 }}
      data-testid="evidence-image"
      data-evidence-id={evidence.evidenceId}
    >
      <Image
        width={104}
        height={104}
        style={{ objectFit: 'cover', borderRadius: 6 }}
        src={evidence.thumbUrl ?? evidence.url}
        preview={{ src: evidence.url }}
        alt={evidence.fileName}
      />
      <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }} title={evidence.fileName}>
        {evidence.fileName}
      </Typography.Text>
      <Uploader evidence={evidence} />
    </Flex>
  );
}

/** 凭证: the case's files, pictures as thumbnails that open full size, an archive's pictures too. */
export function EvidenceGallery({ items }: { items: Evidence[] }) {
  const { t } = useTranslation();
  if (items.length === 0)
    return (
      <Typography.Text type="secondary" data-testid="evidence-none">
        {t('evidence.none')}
      </Typography.Text>
    );
  return (
    <Image.PreviewGroup>
      <Flex wrap gap={12} data-testid="evidence-gallery" data-count={items.length}>
        {items.map((evidence) =>
          evidence.kind === 'image' ? (
            <Picture key={evidence.evidenceId} evidence={evidence} />
          ) : (
            <Flex key={evidence.evidenceId} vertical gap={8}>
              <FileTile evidence={evidence} />
              {evidence.kind === 'archive' && (evidence.members?.length ?? 0) > 0 && (
                <Flex wrap gap={8}>
                  {evidence.members?.map((member) =>
                    member.kind === 'image' ? (
                      <Picture key={member.evidenceId} evidence={member} />
                    ) : (
                      <FileTile key={member.evidenceId} evidence={member} />
                    ),
                  )}
                </Flex>
              )}
            </Flex>
          ),
        )}
      </Flex>
    </Image.PreviewGroup>
  );
}

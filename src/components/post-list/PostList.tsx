import { Link } from "react-router-dom";
import type { PostSummary } from "../../../convex/validators";
import { PostMeta } from "../PostMeta";
import "./PostList.css";

type Props = {
  posts: PostSummary[];
  /** The level of each post's title: one below the heading the list sits under. */
  headingLevel: 2 | 3;
  /** Show each post's `image` beside it (home and tag pages; related posts stay compact). */
  pictures?: boolean;
};

export function PostList({ posts, headingLevel, pictures = false }: Props) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className={`post-list${pictures ? " post-list-pictures" : ""}`}>
      {posts.map((post, index) => (
        <li key={post.slug}>
          <article aria-labelledby={`post-${post.slug}`} className={pictures && post.image ? "has-picture" : undefined}>
            <Heading id={`post-${post.slug}`} className="post-list-title">
              <Link to={`/${post.slug}`}>{post.title}</Link>
            </Heading>
            <PostMeta date={post.date} readTime={post.readTime} tags={post.tags} />
            <p>{post.description}</p>
            {pictures && post.image && <CardPicture post={post} first={index === 0} />}
          </article>
        </li>
      ))}
    </ul>
  );
}

/**
 * The post's `image`, in a box of fixed proportions so nothing moves when it
 * loads (width/height give the browser the ratio before the file arrives).
 * Decorative: the title beside it names the post. Lazy, except the first:
 * on a phone it is the largest thing on the first screen, and a lazy image
 * there would hold up the largest contentful paint.
 */
function CardPicture({ post, first }: { post: PostSummary; first: boolean }) {
  return (
    <div className="post-list-picture">
      <img src={post.image} alt="" width={post.imageWidth ?? 640} height={post.imageHeight ?? 360} loading={first ? "eager" : "lazy"} decoding="async" />
    </div>
  );
}
